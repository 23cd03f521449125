using KisTrader.Core.Events;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Hosting.Logging;

/// <summary>
/// The trade log (logs/trades-*.log): one JSON line per step of an order's life, written from the
/// <see cref="OrderLifecycleEvent"/>s the ledger recorder and the gateway publish (the only place they are written).
/// Started first in the trading start-up, before reconciliation, so no step is missed. Never the account number.
/// </summary>
public sealed class TradeEventLog(IEventBus bus, ILoggerFactory loggerFactory) : IDisposable
{
    private readonly ILogger _log = loggerFactory.CreateLogger(LogCategories.Trades);
    private IDisposable? _subscription;

    public void Start() => _subscription ??= bus.Subscribe<OrderLifecycleEvent>((e, _) =>
    {
        Write(e);
        return ValueTask.CompletedTask;
    });

    public void Write(OrderLifecycleEvent e)
    {
        var o = e.Order;
        _log.LogInformation(
            "Order {EventKind} {OrderId}: {Side} {Quantity} {Ticker} {PriceType} @ {Price}, status {Status}, broker order {BrokerOrderNo}, "
            + "fill {FillQuantity} @ {FillPrice}, filled {FilledQuantity} avg {AverageFillPrice}, run {RunId}, at {EventTime}, reason {Reason}",
            KindName(e.Kind), o.OrderId, o.Side.ToString().ToUpperInvariant(), o.Quantity, o.Ticker, o.Type.ToString(), o.LimitPrice,
            o.Status.ToString(), o.BrokerOrderNo, e.Fill?.Quantity, e.Fill?.Price, o.FilledQuantity, o.AverageFillPrice, o.RunId,
            e.At.ToString("O"), e.Reason);
    }

    public static string KindName(OrderEventKind kind) => kind.ToString().ToLowerInvariant();

    public void Dispose() => _subscription?.Dispose();
}
