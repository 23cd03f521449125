namespace KisTrader.Core.Exchange;

public enum Side
{
    Buy,
    Sell,
}

public enum ExchangeOrderType
{
    Limit,
    /// <summary>Fills against the book at any price within the daily limits; an unfilled rest is cancelled.</summary>
    Market,
}

/// <summary>An order as the exchange sees it.</summary>
public sealed record ExchangeOrder(string OrderId, string Account, string Ticker, Side Side, ExchangeOrderType Type, long Quantity, decimal? LimitPrice);

/// <summary>One execution between a resting and an incoming order, at the resting order's price.</summary>
public sealed record MatchFill(string Ticker, string BuyOrderId, string SellOrderId, string BuyAccount, string SellAccount, decimal Price, long Quantity, Side Aggressor, DateTimeOffset Time);

public enum OrderRejectReason
{
    None,
    InvalidQuantity,
    MissingLimitPrice,
    OffTick,
    OutsideDailyLimits,
    DuplicateOrderId,
    UnknownOrder,
    NothingToAmend,
}

/// <summary>What became of a submitted, amended or cancelled order: fills now, and what still rests.</summary>
public sealed record MatchResult(string OrderId, OrderRejectReason Reject, IReadOnlyList<MatchFill> Fills, long RestingQuantity, long CancelledQuantity)
{
    public bool Accepted => Reject == OrderRejectReason.None;
    public long FilledQuantity => Fills.Sum(f => f.Quantity);

    public static MatchResult Rejected(string orderId, OrderRejectReason reason) => new(orderId, reason, [], 0, 0);
}
