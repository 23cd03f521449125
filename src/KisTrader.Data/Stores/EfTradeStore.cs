using KisTrader.Core.Errors;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>The trade record (the mission's DatabaseManager) over EF Core.</summary>
public sealed class EfTradeStore(IDbContextFactory<KisTraderDbContext> factory) : ITradeStore
{
    public async Task<TradeInsertResult> InsertAsync(TradeRecord trade, CancellationToken ct = default)
    {
        TradeRecordValidator.Validate(trade);
        await using var db = await factory.CreateDbContextAsync(ct);
        var existing = await db.Trades.AsNoTracking().FirstOrDefaultAsync(t => t.TradeId == trade.TradeId, ct);
        if (existing is not null)
            return CompareExisting(existing, trade);

        db.Trades.Add(trade.ToEntity());
        try
        {
            await db.SaveChangesAsync(ct);
            return TradeInsertResult.Inserted;
        }
        catch (DbUpdateException)
        {
            // A concurrent writer may have recorded the same trade between our read and our write.
            await using var check = await factory.CreateDbContextAsync(ct);
            var now = await check.Trades.AsNoTracking().FirstOrDefaultAsync(t => t.TradeId == trade.TradeId, ct);
            if (now is null) throw;
            return CompareExisting(now, trade);
        }
    }

    private static TradeInsertResult CompareExisting(TradeEntity existing, TradeRecord trade)
    {
        if (TradeMapping.SameTrade(existing.ToRecord(), trade))
            return TradeInsertResult.AlreadyRecorded;
        throw new TradingSystemException($"A different trade is already recorded with trade_id '{trade.TradeId}'.");
    }

    public async Task<TradeRecord?> FindAsync(string tradeId, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var e = await db.Trades.AsNoTracking().FirstOrDefaultAsync(t => t.TradeId == tradeId, ct);
        return e?.ToRecord();
    }

    public async Task<IReadOnlyList<TradeRecord>> GetByPeriodAsync(DateTimeOffset from, DateTimeOffset to, TradeFilter? filter = null, CancellationToken ct = default)
    {
        if (to < from) throw new ArgumentException("The period ends before it starts.", nameof(to));
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = InPeriod(db.Trades.AsNoTracking(), from, to);
        if (filter?.Ticker is { } ticker) q = q.Where(t => t.Ticker == ticker);
        if (filter?.Action is { } action)
        {
            var text = action.ToText();
            q = q.Where(t => t.Action == text);
        }
        var rows = await q.OrderBy(t => t.Timestamp).ThenBy(t => t.TradeId).ToListAsync(ct);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<IReadOnlyList<TradeRecord>> GetWorstTradesAsync(PnlHorizon horizon, int count, DateTimeOffset? from = null, DateTimeOffset? to = null, CancellationToken ct = default)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        await using var db = await factory.CreateDbContextAsync(ct);
        var q = db.Trades.AsNoTracking();
        if (from is not null || to is not null)
            q = InPeriod(q, from ?? DateTimeOffset.MinValue, to ?? DateTimeOffset.MaxValue);
        q = horizon switch
        {
            PnlHorizon.SevenDays => q.Where(t => t.Pnl7Days != null).OrderBy(t => t.Pnl7Days).ThenBy(t => t.Timestamp),
            PnlHorizon.ThirtyDays => q.Where(t => t.Pnl30Days != null).OrderBy(t => t.Pnl30Days).ThenBy(t => t.Timestamp),
            _ => throw new ArgumentOutOfRangeException(nameof(horizon)),
        };
        var rows = await q.Take(count).ToListAsync(ct);
        return [.. rows.Select(r => r.ToRecord())];
    }

    public async Task<bool> UpdatePnlAsync(string tradeId, PnlHorizon horizon, decimal pnl, CancellationToken ct = default)
    {
        var field = horizon == PnlHorizon.SevenDays ? "pnl_7_days" : "pnl_30_days";
        TradeRecordValidator.ValidatePnl(field, pnl);
        await using var db = await factory.CreateDbContextAsync(ct);
        var updated = horizon switch
        {
            PnlHorizon.SevenDays => await db.Trades.Where(t => t.TradeId == tradeId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Pnl7Days, pnl), ct),
            PnlHorizon.ThirtyDays => await db.Trades.Where(t => t.TradeId == tradeId).ExecuteUpdateAsync(s => s.SetProperty(t => t.Pnl30Days, pnl), ct),
            _ => throw new ArgumentOutOfRangeException(nameof(horizon)),
        };
        return updated == 1;
    }

    public async Task<int> CountAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        return await db.Trades.CountAsync(ct);
    }

    private static IQueryable<TradeEntity> InPeriod(IQueryable<TradeEntity> q, DateTimeOffset from, DateTimeOffset to)
    {
        var f = from == DateTimeOffset.MinValue ? DateTime.MinValue : from.UtcDateTime;
        var t = to == DateTimeOffset.MaxValue ? DateTime.MaxValue : to.UtcDateTime;
        f = DateTime.SpecifyKind(f, DateTimeKind.Utc);
        t = DateTime.SpecifyKind(t, DateTimeKind.Utc);
        return q.Where(x => x.Timestamp >= f && x.Timestamp < t);
    }
}
