using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Backtesting;

/// <summary>One row of the simulated broker's order list: a new order, an amendment (a new number pointing at the
/// original, as KIS numbers them) or a cancellation row (which never trades).</summary>
public sealed class SimulatedOrder
{
    public required string OrderNo { get; init; }
    public string? OriginalOrderNo { get; init; }
    public required ModificationKind Kind { get; init; }
    public required string Ticker { get; init; }
    public required Side Side { get; init; }
    public required OrderPriceType Type { get; init; }
    public required long Quantity { get; init; }
    /// <summary>The limit (0 for a market order).</summary>
    public required decimal Price { get; init; }
    /// <summary>The price cash is reserved at for a buy: the limit, or the day's upper limit for a market order.</summary>
    public required decimal ReservePrice { get; init; }
    public required DateTimeOffset AcceptedAt { get; init; }
    /// <summary>The session the order belongs to (KRX orders are day orders: what is open at its close is cancelled).</summary>
    public required DateOnly Session { get; init; }
    /// <summary>Accepted at or before the session's open: it takes part in the opening price. Later orders can only
    /// execute at the closing price (a daily bar does not say what happened between the order and the close).</summary>
    public required bool AtOpen { get; init; }

    public long FilledQuantity { get; internal set; }
    public decimal FilledAmount { get; internal set; }
    public long CancelledQuantity { get; internal set; }
    public long RejectedQuantity { get; internal set; }
    public decimal Commission { get; internal set; }
    public decimal Tax { get; internal set; }
    /// <summary>Why the rest was cancelled or refused, when it was.</summary>
    public string? Note { get; internal set; }

    public long Remaining => Kind == ModificationKind.Cancel ? 0 : Quantity - FilledQuantity - CancelledQuantity - RejectedQuantity;

    public decimal AverageFillPrice => FilledQuantity == 0 ? 0m : Math.Round(FilledAmount / FilledQuantity, 4);
}
