using System.Collections.Concurrent;
using System.Threading.Channels;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Events;

/// <summary>Each subscription gets its own bounded channel and reader task, so a slow dashboard never
/// delays the feed or another subscriber. When a subscriber falls 1,000 messages behind, its oldest are dropped.</summary>
public sealed class InMemoryEventBus : IEventBus, IDisposable
{
    // Per message type, the subscriptions as an array replaced on (un)subscribe: publishing reads it without a lock or a
    // copy (a tick is published per realtime record, issue 18 goal 1).
    private readonly ConcurrentDictionary<Type, Subscription[]> _subscriptions = new();
    private readonly Lock _gate = new();
    private readonly Action<Exception>? _onHandlerError;

    public InMemoryEventBus(Action<Exception>? onHandlerError = null) => _onHandlerError = onHandlerError;

    public void Publish<T>(T message) where T : notnull
    {
        if (!_subscriptions.TryGetValue(typeof(T), out var subs))
            return;
        foreach (var sub in subs)
            sub.Writer.TryWrite(message);
    }

    public IDisposable Subscribe<T>(Func<T, CancellationToken, ValueTask> handler) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        var sub = new Subscription(this, typeof(T), (m, ct) => handler((T)m, ct));
        lock (_gate)
            _subscriptions[typeof(T)] = _subscriptions.TryGetValue(typeof(T), out var subs) ? [.. subs, sub] : [sub];
        return sub;
    }

    public void Dispose()
    {
        foreach (var sub in _subscriptions.Values.SelectMany(s => s).ToList())
            sub.Dispose();
    }

    private sealed class Subscription : IDisposable
    {
        private readonly InMemoryEventBus _bus;
        private readonly Type _type;
        private readonly Channel<object> _channel = Channel.CreateBounded<object>(
            new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
        private readonly CancellationTokenSource _stop = new();

        public Subscription(InMemoryEventBus bus, Type type, Func<object, CancellationToken, ValueTask> handler)
        {
            _bus = bus;
            _type = type;
            _ = Task.Run(() => PumpAsync(handler));
        }

        public ChannelWriter<object> Writer => _channel.Writer;

        private async Task PumpAsync(Func<object, CancellationToken, ValueTask> handler)
        {
            try
            {
                await foreach (var message in _channel.Reader.ReadAllAsync(_stop.Token))
                {
                    try
                    {
                        await handler(message, _stop.Token);
                    }
                    catch (OperationCanceledException) when (_stop.IsCancellationRequested)
                    {
                        return;
                    }
                    catch (Exception ex)
                    {
                        // A failing subscriber must not stop the others or the feed.
                        _bus._onHandlerError?.Invoke(ex);
                    }
                }
            }
            catch (OperationCanceledException)
            {
            }
        }

        public void Dispose()
        {
            lock (_bus._gate)
                if (_bus._subscriptions.TryGetValue(_type, out var subs))
                    _bus._subscriptions[_type] = [.. subs.Where(s => s != this)];
            _channel.Writer.TryComplete();
            _stop.Cancel();
        }
    }
}
