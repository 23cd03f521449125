using KisTrader.Core.Events;

namespace KisTrader.Core.Ports;

/// <summary>The broker's realtime session. Data is published on <see cref="IEventBus"/> as
/// <see cref="TickReceived"/>, <see cref="OrderBookReceived"/>, <see cref="ExecutionNoticeReceived"/> and <see cref="FeedStateChanged"/>.
/// A KIS session allows 41 registrations: one is kept for the execution notice, so trades plus order books share 40.</summary>
public interface IRealtimeFeed
{
    FeedState State { get; }

    /// <summary>Tickers whose trades are subscribed.</summary>
    IReadOnlyCollection<string> TradeSubscriptions { get; }

    /// <summary>Tickers whose order book is subscribed.</summary>
    IReadOnlyCollection<string> OrderBookSubscriptions { get; }

    /// <summary>Adds trade subscriptions; throws <see cref="Errors.TradingSystemException"/> when the session limit would be exceeded (nothing is added then).</summary>
    Task SubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default);

    Task UnsubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default);

    /// <summary>Adds order-book subscriptions; same limit rule as trades.</summary>
    Task SubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default);

    Task UnsubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default);
}
