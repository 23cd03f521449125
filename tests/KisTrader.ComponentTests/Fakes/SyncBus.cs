using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

/// <summary>An event bus that starts handlers inline on Publish and can say who listens, so a test publishes only once a
/// component has subscribed (the real bus delivers on background readers).</summary>
public sealed class SyncBus : IEventBus
{
    private readonly Lock _lock = new();
    private readonly List<(Type Type, Func<object, CancellationToken, ValueTask> Handler)> _handlers = [];

    public List<Task> Pending { get; } = [];

    public int Subscribers<T>()
    {
        lock (_lock) return _handlers.Count(h => h.Type == typeof(T));
    }

    public void Publish<T>(T message) where T : notnull
    {
        List<Func<object, CancellationToken, ValueTask>> targets;
        lock (_lock) targets = [.. _handlers.Where(h => h.Type == typeof(T)).Select(h => h.Handler)];
        // Started inline, not awaited: handlers hop onto the renderer, which the test thread must not block.
        foreach (var h in targets)
            Pending.Add(h(message, CancellationToken.None).AsTask());
    }

    public IDisposable Subscribe<T>(Func<T, CancellationToken, ValueTask> handler) where T : notnull
    {
        var entry = (typeof(T), (Func<object, CancellationToken, ValueTask>)((m, ct) => handler((T)m, ct)));
        lock (_lock) _handlers.Add(entry);
        return new Unsubscribe(() => { lock (_lock) _handlers.Remove(entry); });
    }

    private sealed class Unsubscribe(Action action) : IDisposable
    {
        public void Dispose() => action();
    }
}
