using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>Reflection reports (table <c>reflection_reports</c>), one per run, saved as the run progresses.</summary>
public sealed class EfReflectionReportStore(IDbContextFactory<KisTraderDbContext> factory) : IReflectionReportStore
{
    public async Task SaveAsync(ReflectionReport report, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(report.ReportId);
        try
        {
            await UpsertAsync(report, ct);
        }
        catch (DbUpdateException)
        {
            // A concurrent first save inserted the row between our read and our insert: it exists now, so replace it.
            await UpsertAsync(report, ct);
        }
    }

    private async Task UpsertAsync(ReflectionReport report, CancellationToken ct)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.ReflectionReports.FirstOrDefaultAsync(r => r.ReportId == report.ReportId, ct);
        if (e is null)
        {
            e = new ReflectionReportEntity();
            db.ReflectionReports.Add(e);
        }
        ToEntity(report, e);
        await db.SaveChangesAsync(ct);
    }

    public async Task<ReflectionReport?> GetAsync(string reportId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.ReflectionReports.AsNoTracking().FirstOrDefaultAsync(r => r.ReportId == reportId, ct);
        return e is null ? null : ToRecord(e);
    }

    public async Task<IReadOnlyList<ReflectionReport>> ListAsync(int count = 50, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.ReflectionReports.AsNoTracking()
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.ReportId).Take(count).ToListAsync(ct);
        return [.. rows.Select(ToRecord)];
    }

    private static void ToEntity(ReflectionReport r, ReflectionReportEntity e)
    {
        e.ReportId = r.ReportId;
        e.RunId = r.RunId;
        e.Trigger = r.Trigger;
        e.CreatedAt = r.CreatedAt.UtcDateTime;
        e.CompletedAt = r.CompletedAt?.UtcDateTime;
        e.PeriodFrom = r.PeriodFrom.UtcDateTime;
        e.PeriodTo = r.PeriodTo.UtcDateTime;
        e.Status = r.Status.ToString();
        e.Performance = r.Performance is null ? null : GraphJson.Serialize(r.Performance);
        e.Insights = GraphJson.Serialize(r.Insights);
        e.LlmAnalysis = r.LlmAnalysis;
        e.LlmNote = r.LlmNote;
        e.RuleIds = GraphJson.Serialize(r.RuleIds);
        e.PromptVersion = r.PromptVersion;
        e.Summary = r.Summary;
        e.Error = r.Error;
    }

    private static ReflectionReport ToRecord(ReflectionReportEntity e) => new()
    {
        ReportId = e.ReportId,
        RunId = e.RunId,
        Trigger = e.Trigger,
        CreatedAt = UtcTime.FromStored(e.CreatedAt),
        CompletedAt = UtcTime.FromStored(e.CompletedAt),
        PeriodFrom = UtcTime.FromStored(e.PeriodFrom),
        PeriodTo = UtcTime.FromStored(e.PeriodTo),
        Status = Enum.TryParse<ReflectionStatus>(e.Status, out var s) && Enum.IsDefined(s)
            ? s
            : throw new InvalidDataException($"reflection_reports row '{e.ReportId}' has an unknown status '{e.Status}'."),
        Performance = e.Performance is null ? null : GraphJson.Deserialize<PerformanceReport>(e.Performance),
        Insights = GraphJson.Deserialize<Insight[]>(e.Insights),
        LlmAnalysis = e.LlmAnalysis,
        LlmNote = e.LlmNote,
        RuleIds = GraphJson.Deserialize<string[]>(e.RuleIds),
        PromptVersion = e.PromptVersion,
        Summary = e.Summary,
        Error = e.Error,
    };
}
