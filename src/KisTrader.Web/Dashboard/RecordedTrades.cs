using KisTrader.Core.Execution;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Web.Dashboard;

/// <summary>Trade rows are written by the trade recorder right after an order becomes final with fills (its own event
/// subscription, so the row may land a moment after the page hears of the order): pages wait for the row, briefly.</summary>
public sealed class RecordedTrades(ITradeStore trades, TimeProvider time)
{
    public static bool WillBeRecorded(LedgerOrder order) => TradeRecorder.IsRecordable(order);

    /// <summary>The trade of <paramref name="order"/> once it is stored, or null if it did not appear within <paramref name="timeout"/>.</summary>
    public async Task<TradeRecord?> WaitAsync(LedgerOrder order, TimeSpan timeout, CancellationToken ct = default)
    {
        var id = order.TradeId ?? TradeRecorder.TradeIdFor(order.OrderId);
        var until = time.GetUtcNow() + timeout;
        while (true)
        {
            if (await trades.FindAsync(id, ct) is { } trade) return trade;
            if (time.GetUtcNow() >= until) return null;
            await Task.Delay(TimeSpan.FromMilliseconds(250), time, ct);
        }
    }
}
