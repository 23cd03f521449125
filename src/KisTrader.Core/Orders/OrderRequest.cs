using KisTrader.Core.Exchange;

namespace KisTrader.Core.Orders;

/// <summary>KRX order types KisTrader uses. Paper trading accepts these; the IOC/FOK and after-hours kinds are real-only and left out.</summary>
public enum OrderPriceType
{
    Limit,
    Market,
    ConditionalLimit,
    BestLimit,
    PriorityLimit,
}

/// <summary>The broker's identity of an order: both parts are needed to amend or cancel it.</summary>
public sealed record BrokerOrderId(string OrgNo, string OrderNo);

public sealed record OrderRequest(string Ticker, Side Side, OrderPriceType Type, long Quantity, decimal? Price);

/// <summary>Amend (new price and/or type) or cancel the unfilled part of an order. Quantity null means all that remains.</summary>
public sealed record ModifyRequest(BrokerOrderId Original, string Ticker, OrderPriceType Type, long? Quantity, decimal? Price);

public enum SubmissionStatus
{
    Accepted,
    /// <summary>The broker said no; nothing was placed.</summary>
    Rejected,
    /// <summary>We cannot know whether the broker placed it (timeout, dropped connection, EGW00301/00302): reconcile before sending again.</summary>
    Unknown,
}

public sealed record OrderSubmission(SubmissionStatus Status, BrokerOrderId? OrderId, TimeOnly? AcceptedAt, string? Code, string? Message)
{
    public static OrderSubmission Unknown(string? code, string message) => new(SubmissionStatus.Unknown, null, null, code, message);
}
