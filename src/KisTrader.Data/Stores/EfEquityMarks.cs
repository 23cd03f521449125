using KisTrader.Core.Ports;
using KisTrader.Data.Entities;
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
        db.EquityMarks.Add(new EquityMarkEntity { Date = date, Equity = equity, RecordedAt = _time.GetUtcNow().UtcDateTime });
        try
        {
            await db.SaveChangesAsync(ct);
            return equity;
        }
        catch (DbUpdateException)
        {
            // Another writer marked the day first: theirs is the day's mark.
            await using var check = await factory.CreateDbContextAsync(ct);
            return (await check.EquityMarks.AsNoTracking().FirstOrDefaultAsync(m => m.Date == date, ct))?.Equity ?? throw new InvalidOperationException("The equity mark could not be written.");
        }
    }

    public async Task<IReadOnlyList<EquityMark>> ListAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.EquityMarks.AsNoTracking().Where(m => m.Date >= from && m.Date <= to).OrderBy(m => m.Date).ToListAsync(ct);
        return [.. rows.Select(r => new EquityMark(r.Date, r.Equity, LedgerMapping.Utc(r.RecordedAt)))];
    }
}
