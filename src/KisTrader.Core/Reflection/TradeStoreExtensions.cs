using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Reflection;

/// <summary>Queries the reflection needs, built on <see cref="ITradeStore"/>'s own methods (the store's interface is
/// not widened for them).</summary>
public static class TradeStoreExtensions
{
    /// <summary>Trades in [from, to) still missing their 7- or 30-day P&amp;L, oldest first.</summary>
    public static async Task<IReadOnlyList<TradeRecord>> GetAwaitingPnlAsync(this ITradeStore store, DateTimeOffset from, DateTimeOffset to,
        CancellationToken ct = default)
    {
        var trades = await store.GetByPeriodAsync(from, to, null, ct).ConfigureAwait(false);
        return [.. trades.Where(t => t.Pnl7Days is null || t.Pnl30Days is null)];
    }
}
