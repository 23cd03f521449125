using KisTrader.Core.Ports;

namespace KisTrader.Tests.Loopback.Support;

/// <summary>Collects every <typeparamref name="T"/> published on the bus and lets a test wait for a condition over
/// what arrived so far (TaskCompletionSource + a 10 s CancellationTokenSource; no sleeps).</summary>
public sealed class BusProbe<T> : IDisposable where T : notnull
{
    private readonly object _gate = new();
    private readonly List<T> _received = [];
    private readonly List<(Func<IReadOnlyList<T>, bool> Condition, TaskCompletionSource Done)> _waiters = [];
    private readonly IDisposable _subscription;

    public BusProbe(IEventBus bus) => _subscription = bus.Subscribe<T>((message, _) =>
    {
        lock (_gate)
        {
            _received.Add(message);
            foreach (var waiter in _waiters.Where(w => w.Condition(_received)).ToList())
            {
                _waiters.Remove(waiter);
                waiter.Done.TrySetResult();
            }
        }
        return ValueTask.CompletedTask;
    });

    public IReadOnlyList<T> Received
    {
        get
        {
            lock (_gate)
                return _received.ToList();
        }
    }

    /// <summary>Waits until <paramref name="condition"/> holds over everything received; fails naming <paramref name="what"/>.</summary>
    public async Task<IReadOnlyList<T>> WaitAsync(Func<IReadOnlyList<T>, bool> condition, string what, double seconds = 10)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        lock (_gate)
        {
            if (condition(_received)) return _received.ToList();
            _waiters.Add((condition, done));
        }
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(seconds));
        try
        {
            await done.Task.WaitAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            Assert.Fail($"Timed out after {seconds} s waiting for {what}; received {Received.Count} {typeof(T).Name}.");
        }
        return Received;
    }

    public void Dispose() => _subscription.Dispose();
}
