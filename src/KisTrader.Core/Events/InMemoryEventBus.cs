using System.Collections.Concurrent;
using System.Threading.Channels;
using System.Threading.Tasks.Sources;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Events;

/// <summary>Each subscription gets its own bounded channel and reader task, so a slow dashboard never
/// delays the feed or another subscriber. When a subscriber falls 1,000 messages behind, its oldest are dropped.
/// Channels are typed by the message: a value-type message (a tick) is queued without boxing (issue 18 goal 1).</summary>
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
            ((Subscription<T>)sub).Writer.TryWrite(message);
    }

    public IDisposable Subscribe<T>(Func<T, CancellationToken, ValueTask> handler) where T : notnull
    {
        ArgumentNullException.ThrowIfNull(handler);
        var sub = new Subscription<T>(this, handler);
        lock (_gate)
            _subscriptions[typeof(T)] = _subscriptions.TryGetValue(typeof(T), out var subs) ? [.. subs, sub] : [sub];
        return sub;
    }

    public void Dispose()
    {
        foreach (var sub in _subscriptions.Values.SelectMany(s => s).ToList())
            sub.Dispose();
    }

    private abstract class Subscription(InMemoryEventBus bus, Type type) : IDisposable
    {
        protected CancellationTokenSource Stop { get; } = new();

        protected abstract void Complete();

        public void Dispose()
        {
            lock (bus._gate)
                if (bus._subscriptions.TryGetValue(type, out var subs))
                    bus._subscriptions[type] = [.. subs.Where(s => s != this)];
            Complete();
            Stop.Cancel();
        }

        protected void OnHandlerError(Exception ex) => bus._onHandlerError?.Invoke(ex);
    }

    /// <summary>How long a subscriber that has just handled messages waits for more before it waits on its channel
    /// (the added latency of a message published meanwhile; a stream of more than <see cref="Capacity"/> messages a
    /// linger drops its oldest, as a subscriber that falls behind does).</summary>
    internal static readonly TimeSpan Linger = TimeSpan.FromMilliseconds(1);

    private const int Capacity = 1000;

    /// <summary>A reusable one-shot delay: awaiting it allocates nothing (a <c>Task.Delay</c> a linger would, about a
    /// thousand times a second while a stream flows). One wait at a time; it always completes, so a pump awaiting it
    /// when its subscription is disposed still finishes.</summary>
    private sealed class LingerTimer : IValueTaskSource, IDisposable
    {
        private ManualResetValueTaskSourceCore<bool> _core = new() { RunContinuationsAsynchronously = true };
        private readonly Timer _timer;

        public LingerTimer() => _timer = new Timer(static s => ((LingerTimer)s!)._core.SetResult(true), this, Timeout.Infinite, Timeout.Infinite);

        public ValueTask WaitAsync(TimeSpan delay)
        {
            _core.Reset();
            _timer.Change(delay, Timeout.InfiniteTimeSpan);
            return new ValueTask(this, _core.Version);
        }

        public void GetResult(short token) => _core.GetResult(token);

        public ValueTaskSourceStatus GetStatus(short token) => _core.GetStatus(token);

        public void OnCompleted(Action<object?> continuation, object? state, short token, ValueTaskSourceOnCompletedFlags flags) =>
            _core.OnCompleted(continuation, state, token, flags);

        public void Dispose() => _timer.Dispose();
    }

    private sealed class Subscription<T> : Subscription
    {
        private readonly Channel<T> _channel = Channel.CreateBounded<T>(
            new BoundedChannelOptions(Capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });

        public Subscription(InMemoryEventBus bus, Func<T, CancellationToken, ValueTask> handler) : base(bus, typeof(T)) =>
            _ = Task.Run(() => PumpAsync(handler));

        public ChannelWriter<T> Writer => _channel.Writer;

        protected override void Complete() => _channel.Writer.TryComplete();

        private async Task PumpAsync(Func<T, CancellationToken, ValueTask> handler)
        {
            var reader = _channel.Reader;
            using var linger = new LingerTimer();
            // The wait takes no token: a bounded channel then reuses its one waiter, where a cancellable wait allocates a
            // waiter and a token registration each time, i.e. per message whenever the subscriber keeps up with the feed
            // (issue 18 goal 1). Dispose completes the writer, which ends the wait; Stop is checked before each message.
            while (await reader.WaitToReadAsync().ConfigureAwait(false))
            {
                var handled = true;
                while (handled)
                {
                    handled = false;
                    while (reader.TryRead(out var message))
                    {
                        handled = true;
                        if (Stop.IsCancellationRequested)
                            return;
                        try
                        {
                            await handler(message, Stop.Token).ConfigureAwait(false);
                        }
                        catch (OperationCanceledException) when (Stop.IsCancellationRequested)
                        {
                            return;
                        }
                        catch (Exception ex)
                        {
                            // A failing subscriber must not stop the others or the feed.
                            OnHandlerError(ex);
                        }
                    }
                    // Linger before waiting on the channel again: a writer that finds the reader waiting wakes it (a
                    // thread-pool hand-off on the publisher's thread, per message while the subscriber keeps up). A
                    // stream, such as the realtime ticks, is then read once a linger, a batch at a time, and its
                    // publisher only writes; a lone message costs one timer (issue 18 goal 1).
                    if (handled)
                        await linger.WaitAsync(Linger).ConfigureAwait(false);
                }
            }
        }
    }
}
