using KisTrader.Core.Events;

namespace KisTrader.Core.Ports;

/// <summary>The broker's realtime session. Data is published on <see cref="IEventBus"/> as
/// <see cref="TickReceived"/>, <see cref="OrderBookReceived"/>, <see cref="ExecutionNoticeReceived"/> and <see cref="FeedStateChanged"/>.</summary>
public interface IRealtimeFeed
{
    FeedState State { get; }

    /// <summary>Tickers whose trades and order book are wanted. The execution notice keeps its own slot.</summary>
    IReadOnlyCollection<string> Subscriptions { get; }

    /// <summary>Adds trade and order-book subscriptions; throws when the session limit would be exceeded.</summary>
    Task SubscribeAsync(IEnumerable<string> tickers, CancellationToken ct = default);

    Task UnsubscribeAsync(IEnumerable<string> tickers, CancellationToken ct = default);
}
