using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Execution;

public enum LedgerOrderStatus
{
    /// <summary>Written, not yet sent. An Intent found at start-up is reconciled before anything else is sent.</summary>
    Intent,
    Sent,
    PartiallyFilled,
    Filled,
    Cancelled,
    Rejected,
    /// <summary>Sent, but the outcome is not known (timeout, dropped response): reconcile before sending again.</summary>
    Unknown,
}

/// <summary>One order in our ledger (table <c>orders</c>), from intent to final state.</summary>
public sealed record LedgerOrder(
    string OrderId,
    DateTimeOffset CreatedAt,
    DateTimeOffset UpdatedAt,
    string Ticker,
    Side Side,
    long Quantity,
    OrderPriceType Type,
    decimal? LimitPrice,
    LedgerOrderStatus Status,
    string? BrokerOrgNo,
    string? BrokerOrderNo,
    long FilledQuantity,
    decimal? AverageFillPrice,
    string? RunId,
    string? TradeId,
    string? Justification,
    string? LastError)
{
    public bool IsFinal => Status is LedgerOrderStatus.Filled or LedgerOrderStatus.Cancelled or LedgerOrderStatus.Rejected;
    public bool IsOpen => Status is LedgerOrderStatus.Sent or LedgerOrderStatus.PartiallyFilled;
    public long RemainingQuantity => Math.Max(0, Quantity - FilledQuantity);
}

/// <summary>One execution of a ledger order. ExecutionKey is unique per execution whatever reported it
/// (notice feed or daily_ccld polling), so a fill is never counted twice.</summary>
public sealed record LedgerFill(string OrderId, string ExecutionKey, long Quantity, decimal Price, DateTimeOffset FilledAt, string Source);
