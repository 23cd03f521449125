using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Decisions;

/// <summary>One order a decision engine proposes. Price is required for limit orders and null for market orders.
/// Confidence is 0..1.</summary>
public sealed record PlannedOrder(
    string Ticker,
    Side Side,
    long Quantity,
    OrderPriceType PriceType,
    decimal? Price,
    string Justification,
    decimal Confidence)
{
    public OrderRequest ToRequest(long? quantity = null) => new(Ticker, Side, PriceType, quantity ?? Quantity, Price);
}
