using KisTrader.Core.Exchange;

namespace KisTrader.Core.Orders;

/// <summary>An order as the broker lists it for a day (KIS inquire_daily_ccld output1).</summary>
public sealed record BrokerOrder(
    DateOnly OrderDate,
    TimeOnly OrderTime,
    string BranchNo,
    string OrderNo,
    string? OriginalOrderNo,
    string Ticker,
    string Name,
    Side Side,
    string OrderTypeCode,
    long Quantity,
    decimal Price,
    long FilledQuantity,
    decimal AverageFillPrice,
    decimal FilledAmount,
    long RemainingQuantity,
    long RejectedQuantity,
    bool Cancelled)
{
    public bool IsOpen => RemainingQuantity > 0 && !Cancelled;
}

/// <summary>One open order that can still be amended or cancelled (inquire_psbl_rvsecncl, or daily_ccld unfilled rows in paper).</summary>
public sealed record OpenOrder(BrokerOrderId OrderId, string Ticker, Side Side, long Quantity, decimal Price, long FilledQuantity, long CancellableQuantity, TimeOnly OrderTime);

public sealed record OpenOrders(Market.DataSource Source, IReadOnlyList<OpenOrder> Orders);
