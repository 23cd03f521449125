using System.Threading.Channels;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Kis.Realtime.Support;

/// <summary>Collects what the session publishes on the bus; tests wait for the next event of a type.</summary>
internal sealed class EventRecorder : IDisposable
{
    private readonly List<IDisposable> _subscriptions = [];
    private readonly Dictionary<Type, Channel<object>> _channels = new();
    private readonly List<object> _all = [];

    public EventRecorder(IEventBus bus)
    {
        Track<TickReceived>(bus);
        Track<OrderBookReceived>(bus);
        Track<ExecutionNoticeReceived>(bus);
        Track<FeedStateChanged>(bus);
    }

    public IReadOnlyList<T> All<T>()
    {
        lock (_all)
            return _all.OfType<T>().ToList();
    }

    /// <summary>The next event of type T (consumed) that matches, skipping others of that type.</summary>
    public async Task<T> NextAsync<T>(Func<T, bool>? match = null, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(10));
        var reader = _channels[typeof(T)].Reader;
        while (true)
        {
            var item = (T)await reader.ReadAsync(cts.Token);
            if (match is null || match(item))
                return item;
        }
    }

    public Task<FeedStateChanged> StateAsync(FeedState state, TimeSpan? timeout = null) =>
        NextAsync<FeedStateChanged>(e => e.State == state, timeout);

    private void Track<T>(IEventBus bus) where T : notnull
    {
        var channel = Channel.CreateUnbounded<object>();
        _channels[typeof(T)] = channel;
        _subscriptions.Add(bus.Subscribe<T>((e, _) =>
        {
            lock (_all)
                _all.Add(e);
            channel.Writer.TryWrite(e);
            return ValueTask.CompletedTask;
        }));
    }

    public void Dispose()
    {
        foreach (var s in _subscriptions)
            s.Dispose();
    }
}
