using System.Text.Json.Serialization;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
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
    /// <summary>What the order is decided on, attached by the node that sends it and stored with the intent. Not part of
    /// the plan itself, so not serialized with it (the run's state, approvals).</summary>
    [JsonIgnore]
    public OrderContext? Context { get; init; }

    public OrderRequest ToRequest(long? quantity = null) => new(Ticker, Side, PriceType, quantity ?? Quantity, Price);
}
