using System.Globalization;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ml.Drift;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>Drift reports (table <c>drift_reports</c>), one row per check.</summary>
public sealed class EfDriftReportStore(IDbContextFactory<KisTraderDbContext> factory) : IDriftReportStore
{
    public async Task SaveAsync(DriftReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        await using var db = await factory.CreateDbContextAsync(ct);
        db.DriftReports.Add(new DriftReportEntity
        {
            Signal = report.Signal,
            ModelVersion = report.ModelVersion,
            ComputedAt = report.ComputedAt.UtcDateTime,
            RecentFrom = Date(report.RecentFrom),
            RecentTo = Date(report.RecentTo),
            RecentRows = report.RecentRows,
            FeaturesJson = GraphJson.Serialize(report.Features),
            Alert = report.Alert,
        });
        await db.SaveChangesAsync(ct);
    }

    public async Task<DriftReport?> LatestAsync(string signal, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.DriftReports.AsNoTracking().Where(r => r.Signal == signal)
            .OrderByDescending(r => r.ComputedAt).ThenByDescending(r => r.Id).FirstOrDefaultAsync(ct);
        return e is null ? null : new DriftReport(e.Signal, e.ModelVersion, UtcTime.FromStored(e.ComputedAt), Date(e.RecentFrom), Date(e.RecentTo),
            e.RecentRows, GraphJson.Deserialize<FeatureDrift[]>(e.FeaturesJson), e.Alert);
    }

    private static string Date(DateOnly d) => d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    private static DateOnly Date(string s) => DateOnly.ParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture);
}
