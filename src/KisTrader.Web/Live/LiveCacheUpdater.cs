using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Live;

/// <summary>Keeps the dashboard's caches current from the event bus.</summary>
public sealed class LiveCacheUpdater(IEventBus bus, TickCache ticks, OrderBookCache books, FeedHistory history, ILogger<LiveCacheUpdater> logger) : IHostedService
{
    private readonly List<IDisposable> _subscriptions = [];

    public Task StartAsync(CancellationToken cancellationToken)
    {
        _subscriptions.Add(bus.Subscribe<TickReceived>((e, _) => { ticks.Update(e.Tick); return ValueTask.CompletedTask; }));
        _subscriptions.Add(bus.Subscribe<OrderBookReceived>((e, _) => { books.Update(e.Book); return ValueTask.CompletedTask; }));
        _subscriptions.Add(bus.Subscribe<FeedStateChanged>((e, _) =>
        {
            history.Add(e);
            if (e.State == FeedState.Stale)
                logger.LogWarning("Realtime feed is stale: {Reason}", e.Reason);
            else
                logger.LogInformation("Realtime feed {State}: {Reason}", e.State, e.Reason);
            return ValueTask.CompletedTask;
        }));
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in _subscriptions)
            s.Dispose();
        _subscriptions.Clear();
        return Task.CompletedTask;
    }
}
