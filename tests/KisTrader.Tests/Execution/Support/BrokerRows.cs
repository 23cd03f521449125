using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Tests.Execution.Support;

internal static class BrokerRows
{
    /// <summary>A daily_ccld row as the broker would list our order.</summary>
    public static BrokerOrder Row(TimeProvider clock, string orderNo, string ticker, Side side, long qty, decimal price, long filled = 0, decimal avg = 0m,
        bool cancelled = false, long? remaining = null, long rejected = 0, DateTimeOffset? at = null)
    {
        var kst = (at ?? clock.GetUtcNow()).ToKst();
        return new BrokerOrder(DateOnly.FromDateTime(kst.DateTime), TimeOnly.FromDateTime(kst.DateTime), "00950", orderNo, null, ticker, ticker, side, "00",
            qty, price, filled, avg, filled * avg, remaining ?? (cancelled ? 0 : qty - filled), rejected, cancelled);
    }
}
