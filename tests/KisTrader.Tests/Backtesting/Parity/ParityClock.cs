namespace KisTrader.Tests.Backtesting.Parity;

/// <summary>The parity test's clock: real time plus an offset the test sets (so the KIS client's rate limiter and
/// timeouts, which wait on real timers, still see time pass), jumped to each instant the test replays.</summary>
internal sealed class ParityClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    /// <summary>Sets the clock to <paramref name="instant"/>, before anything reads it.</summary>
    public void Start(DateTimeOffset instant) => Interlocked.Exchange(ref _offsetTicks, (instant - System.GetUtcNow()).Ticks);

    /// <summary>Jumps to <paramref name="instant"/> (forward only: the simulator's day never runs back).</summary>
    public void JumpTo(DateTimeOffset instant)
    {
        var by = instant - GetUtcNow();
        if (by < TimeSpan.Zero) throw new InvalidOperationException($"The parity clock cannot move back to {instant:O}.");
        Interlocked.Add(ref _offsetTicks, by.Ticks);
    }

    /// <summary>The same "now" with timers that never fire: the simulator's market timer must not step the market on its
    /// own in real time; the test steps it (<c>SimExchange.Step</c>) at the instants it replays.</summary>
    public TimeProvider WithoutTimers() => new Inert(this);

    private sealed class Inert(ParityClock clock) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => clock.GetUtcNow();

        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) => new NeverTimer();
    }

    private sealed class NeverTimer : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => true;

        public void Dispose()
        {
        }

        public ValueTask DisposeAsync() => ValueTask.CompletedTask;
    }
}
