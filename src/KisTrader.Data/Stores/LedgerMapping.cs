using System.Linq.Expressions;
using System.Text.Json;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Data.Entities;
using Microsoft.EntityFrameworkCore.Query;

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
        Context = o.Context is null ? null : JsonSerializer.Serialize(o.Context, ContextJson),
    };

    public static LedgerOrder ToLedger(this OrderEntity e) => new(
        e.OrderId, Utc(e.CreatedAt), Utc(e.UpdatedAt), e.Ticker, Enum.Parse<Side>(e.Side), e.Quantity, Enum.Parse<OrderPriceType>(e.OrderType),
        e.LimitPrice, Enum.Parse<LedgerOrderStatus>(e.Status), e.BrokerOrgNo, e.BrokerOrderNo, e.FilledQuantity, e.AverageFillPrice,
        e.RunId, e.TradeId, e.Justification, e.LastError, ReadContext(e));

    private static readonly JsonSerializerOptions ContextJson = new(JsonSerializerDefaults.Web);

    // The context is what the order was decided on, not what the ledger needs to follow it: a row whose context cannot be
    // read (hand-edited, truncated) still loads, so reconciliation and fills never stop over it.
    private static OrderContext? ReadContext(OrderEntity e)
    {
        if (string.IsNullOrWhiteSpace(e.Context)) return null;
        try
        {
            return JsonSerializer.Deserialize<OrderContext>(e.Context, ContextJson);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    /// <summary>Sets a status change (see <see cref="LedgerOrder"/>'s transitions) on its row in one UPDATE: status, broker
    /// numbers, trade id, last error, update time. The filled quantity and average price are left alone: only a fill changes
    /// them (<see cref="CopyFillFrom"/>), so a status change computed from a read taken before a fill never undoes that fill.</summary>
    public static void SetStatusFrom(this UpdateSettersBuilder<OrderEntity> u, LedgerOrder order) => u
        .SetProperty(e => e.Status, order.Status.ToString())
        .SetProperty(e => e.BrokerOrgNo, order.BrokerOrgNo)
        .SetProperty(e => e.BrokerOrderNo, order.BrokerOrderNo)
        .SetProperty(e => e.TradeId, order.TradeId)
        .SetProperty(e => e.LastError, order.LastError)
        .SetProperty(e => e.UpdatedAt, order.UpdatedAt.UtcDateTime);

    /// <summary>Copies what <see cref="LedgerOrder.ApplyFill"/> decided onto the row.</summary>
    public static void CopyFillFrom(this OrderEntity e, LedgerOrder order)
    {
        e.Status = order.Status.ToString();
        e.FilledQuantity = order.FilledQuantity;
        e.AverageFillPrice = order.AverageFillPrice;
        e.UpdatedAt = order.UpdatedAt.UtcDateTime;
    }

    /// <summary>A row without its context column (the largest, and JSON to parse), for reads that need only the order's
    /// state: the projection EF turns into the SELECT.</summary>
    public static readonly Expression<Func<OrderEntity, OrderEntity>> WithoutContext = o => new OrderEntity
    {
        OrderId = o.OrderId, CreatedAt = o.CreatedAt, UpdatedAt = o.UpdatedAt, Ticker = o.Ticker, Side = o.Side, Quantity = o.Quantity,
        OrderType = o.OrderType, LimitPrice = o.LimitPrice, Status = o.Status, BrokerOrderNo = o.BrokerOrderNo, BrokerOrgNo = o.BrokerOrgNo,
        FilledQuantity = o.FilledQuantity, AverageFillPrice = o.AverageFillPrice, RunId = o.RunId, TradeId = o.TradeId,
        Justification = o.Justification, LastError = o.LastError,
    };

    public static LedgerFill ToLedger(this FillEntity f) => new(f.OrderId, f.ExecutionKey, f.Quantity, f.Price, Utc(f.FilledAt), f.Source);
}
