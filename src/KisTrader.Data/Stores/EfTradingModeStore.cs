using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore;

namespace KisTrader.Data.Stores;

/// <summary>The trading mode as an append-only history (<c>trading_mode_changes</c>); the latest row is the state.
/// With no row yet, trading is Active ("initial state").</summary>
public sealed class EfTradingModeStore(IDbContextFactory<KisTraderDbContext> factory, TimeProvider? time = null) : ITradingModeStore
{
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public async Task<TradingModeState> GetAsync(CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var last = await db.TradingModeChanges.AsNoTracking().OrderByDescending(m => m.Id).FirstOrDefaultAsync(ct);
        return last is null
            ? TradingModeState.Initial(_time.GetUtcNow())
            : new TradingModeState(Enum.Parse<TradingMode>(last.Mode), last.Reason, last.ChangedBy, LedgerMapping.Utc(last.ChangedAt));
    }

    public async Task SetAsync(TradingModeState state, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        db.TradingModeChanges.Add(new TradingModeChangeEntity
        {
            Mode = state.Mode.ToString(),
            Reason = state.Reason,
            ChangedBy = state.ChangedBy,
            ChangedAt = state.ChangedAt.UtcDateTime,
        });
        await db.SaveChangesAsync(ct);
    }

    /// <summary>The history, newest first.</summary>
    public async Task<IReadOnlyList<TradingModeState>> HistoryAsync(int max = 100, CancellationToken ct = default)
    {
        await using var db = await factory.CreateDbContextAsync(ct);
        var rows = await db.TradingModeChanges.AsNoTracking().OrderByDescending(m => m.Id).Take(max).ToListAsync(ct);
        return [.. rows.Select(r => new TradingModeState(Enum.Parse<TradingMode>(r.Mode), r.Reason, r.ChangedBy, LedgerMapping.Utc(r.ChangedAt)))];
    }
}
