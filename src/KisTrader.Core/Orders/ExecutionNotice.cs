using KisTrader.Core.Exchange;

namespace KisTrader.Core.Orders;

public enum NoticeKind
{
    /// <summary>The order (or its amendment or cancellation) was received, confirmed or refused.</summary>
    OrderAck,
    Fill,
}

public enum ModificationKind
{
    Original,
    Amend,
    Cancel,
}

/// <summary>An execution notice from the broker's realtime channel (KIS H0STCNI0 / H0STCNI9).
/// For <see cref="NoticeKind.Fill"/> Quantity and Price are the fill; for acknowledgements they are the order's.</summary>
public sealed record ExecutionNotice(
    string AccountNo,
    string OrderNo,
    string? OriginalOrderNo,
    Side Side,
    ModificationKind Modification,
    NoticeKind Kind,
    bool Refused,
    string Ticker,
    string? Name,
    long Quantity,
    decimal Price,
    long OrderQuantity,
    decimal OrderPrice,
    TimeOnly Time,
    string BranchNo);
