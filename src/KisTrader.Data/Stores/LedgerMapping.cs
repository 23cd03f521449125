using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Data.Entities;

namespace KisTrader.Data.Stores;

internal static class LedgerMapping
{
    public static DateTimeOffset Utc(DateTime t) => new(DateTime.SpecifyKind(t, DateTimeKind.Utc));

    public static OrderEntity ToEntity(this LedgerOrder o) => new()
    {
        OrderId = o.OrderId,
        CreatedAt = o.CreatedAt.UtcDateTime,
        UpdatedAt = o.UpdatedAt.UtcDateTime,
        Ticker = o.Ticker,
        Side = o.Side.ToString(),
        Quantity = o.Quantity,
        OrderType = o.Type.ToString(),
        LimitPrice = o.LimitPrice,
        Status = o.Status.ToString(),
        BrokerOrgNo = o.BrokerOrgNo,
        BrokerOrderNo = o.BrokerOrderNo,
        FilledQuantity = o.FilledQuantity,
        AverageFillPrice = o.AverageFillPrice,
        RunId = o.RunId,
        TradeId = o.TradeId,
        Justification = o.Justification,
        LastError = o.LastError,
    };

    public static LedgerOrder ToLedger(this OrderEntity e) => new(
        e.OrderId, Utc(e.CreatedAt), Utc(e.UpdatedAt), e.Ticker, Enum.Parse<Side>(e.Side), e.Quantity, Enum.Parse<OrderPriceType>(e.OrderType),
        e.LimitPrice, Enum.Parse<LedgerOrderStatus>(e.Status), e.BrokerOrgNo, e.BrokerOrderNo, e.FilledQuantity, e.AverageFillPrice,
        e.RunId, e.TradeId, e.Justification, e.LastError);

    /// <summary>Copies what an order's life changes (see <see cref="LedgerOrder"/>'s transitions) onto its row.</summary>
    public static void CopyMutableFrom(this OrderEntity e, LedgerOrder order)
    {
        e.Status = order.Status.ToString();
        e.BrokerOrgNo = order.BrokerOrgNo;
        e.BrokerOrderNo = order.BrokerOrderNo;
        e.FilledQuantity = order.FilledQuantity;
        e.AverageFillPrice = order.AverageFillPrice;
        e.TradeId = order.TradeId;
        e.LastError = order.LastError;
        e.UpdatedAt = order.UpdatedAt.UtcDateTime;
    }

    public static LedgerFill ToLedger(this FillEntity f) => new(f.OrderId, f.ExecutionKey, f.Quantity, f.Price, Utc(f.FilledAt), f.Source);
}
