using KisTrader.Core.Ports;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>The first equity observed each day (<c>equity_marks</c>); later observations never move it.</summary>
public sealed class EfEquityMarks(IDbContextFactory<KisTraderDbContext> factory, TimeProvider? time = null) : IEquityMarks
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<decimal> MarkAsync(DateOnly date, decimal equity, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.EquityMarks.AsNoTracking().FirstOrDefaultAsync(m => m.Date == date, ct);
        if (existing is not null) return existing.Equity;
        var recordedAt = _time.GetUtcNow().UtcDateTime;
        // Two writers may mark the day at once (a run and the loss-limit check): the second's insert does nothing, without
        // the failed SaveChanges EF logs as an error, and it takes the first's mark.
        var inserted = await db.Database.ExecuteSqlAsync(
            $"INSERT INTO equity_marks (date, equity, recorded_at) VALUES ({date}, {equity}, {recordedAt}) ON CONFLICT (date) DO NOTHING", ct);
        if (inserted == 1) return equity;
        return (await db.EquityMarks.AsNoTracking().FirstOrDefaultAsync(m => m.Date == date, ct))?.Equity
            ?? throw new InvalidOperationException("The equity mark could not be written.");
    }

    public async Task<IReadOnlyList<EquityMark>> ListAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.EquityMarks.AsNoTracking().Where(m => m.Date >= from && m.Date <= to).OrderBy(m => m.Date).ToListAsync(ct);
        return [.. rows.Select(r => new EquityMark(r.Date, r.Equity, LedgerMapping.Utc(r.RecordedAt)))];
    }
}
