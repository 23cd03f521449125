using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>The equity curve's points (<c>equity_points</c>), one per balance reading of a run.</summary>
public sealed class EfEquityPoints(IDbContextFactory<KisTraderDbContext> factory) : IEquityPoints
{
    public async Task AddAsync(EquityObservation point, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.EquityPoints.Add(new EquityPointEntity { At = point.At.UtcDateTime, Equity = point.Equity, RunId = point.RunId });
        await db.SaveChangesAsync(ct);
    }

    public async Task<IReadOnlyList<EquityObservation>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        var (start, end) = (from.UtcDateTime, to.UtcDateTime);
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.EquityPoints.AsNoTracking().Where(p => p.At >= start && p.At < end).OrderBy(p => p.At).ThenBy(p => p.Id).ToListAsync(ct);
        return [.. rows.Select(r => new EquityObservation(LedgerMapping.Utc(r.At), r.Equity, r.RunId))];
    }
}
