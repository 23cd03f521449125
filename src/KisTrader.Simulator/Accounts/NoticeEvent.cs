using KisTrader.Core.Exchange;

namespace KisTrader.Simulator.Accounts;

public enum NoticeType
{
    Accepted,
    Amended,
    Cancelled,
    Refused,
    /// <summary>The exchange cancelled an unfilled rest (market order without liquidity, IOC/FOK).</summary>
    ExchangeCancelled,
    Filled,
}

/// <summary>What an execution notice (H0STCNI0/H0STCNI9) reports, before it is laid out as fields.</summary>
public sealed record NoticeEvent(
    NoticeType Type, string AccountKey, string AccountName, string Odno, string OriginalOdno, Side Side, string OrderDivision,
    string Code, string Name, long Quantity, decimal Price, DateTimeOffset Time, long OrderQuantity, decimal OrderPrice);
