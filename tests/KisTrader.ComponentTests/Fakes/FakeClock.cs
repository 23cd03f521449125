namespace KisTrader.ComponentTests;

/// <summary>A clock that stands still unless a test moves it; timers fire only when <see cref="Advance"/> passes their
/// due time (a test that never advances sees none fire).</summary>
public sealed class FakeClock(DateTimeOffset now) : TimeProvider
{
    private readonly List<SteppedTimer> timers = [];

    public DateTimeOffset Now { get; set; } = now;
    public override DateTimeOffset GetUtcNow() => Now;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        var timer = new SteppedTimer(this, callback, state);
        timer.Change(dueTime, period);
        lock (timers) timers.Add(timer);
        return timer;
    }

    /// <summary>Moves the clock on and fires, once each, the timers that came due on the way.</summary>
    public void Advance(TimeSpan by)
    {
        Now += by;
        SteppedTimer[] due;
        lock (timers) due = [.. timers.Where(t => t.Due is { } d && d <= Now)];
        foreach (var timer in due)
            timer.Fire();
    }

    private sealed class SteppedTimer(FakeClock clock, TimerCallback callback, object? state) : ITimer
    {
        private TimeSpan period;
        public DateTimeOffset? Due { get; private set; }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            this.period = period;
            Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock.Now + dueTime;
            return true;
        }

        public void Fire()
        {
            Due = period > TimeSpan.Zero && period != Timeout.InfiniteTimeSpan ? clock.Now + period : null;
            callback(state);
        }

        public void Dispose()
        {
            Due = null;
            lock (clock.timers) clock.timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
