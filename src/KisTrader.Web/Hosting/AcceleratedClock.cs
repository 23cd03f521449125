namespace KisTrader.Web.Hosting;

/// <summary>
/// The clock of an app that runs its built-in simulator with <c>Simulator:TimeAcceleration</c> above 1 (or a
/// <c>Simulator:ClockStart</c>): the calendar starts at <see cref="Start"/> and runs <see cref="Factor"/> times faster
/// than the host clock, and timers made on it fire <see cref="Factor"/> times sooner, so everything that follows the
/// calendar — the Quartz schedule, the daily summary, the risk engine's trading day, the simulator's sessions, token
/// lifetimes — moves together. <see cref="WallTimers"/> is the same calendar with host-speed timers, for the broker
/// link, whose durations (request time-outs, throttling waits, reconnect back-off, market ticks) are network and CPU
/// time whatever the calendar says.
/// </summary>
/// <remarks>Only <see cref="AppClock.For"/> creates one; with the default configuration the app keeps
/// <see cref="TimeProvider.System"/>.</remarks>
public sealed class AcceleratedClock : TimeProvider
{
    private readonly TimeProvider _host;
    private long _anchor; // host timestamp when the calendar started to run; 0 = not yet

    /// <param name="start">The calendar's reading when it starts to run (null: the host's time now).</param>
    /// <param name="running">false: the calendar stays at <paramref name="start"/> until <see cref="Run"/> (the app
    /// starts it once it is up, so a start-up of a few wall seconds does not cost hours of the simulated day).</param>
    public AcceleratedClock(TimeProvider host, int factor, DateTimeOffset? start = null, bool running = true)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        _host = host;
        Factor = factor;
        Start = start ?? host.GetUtcNow();
        if (running) Run();
        WallTimers = new WallTimerView(this);
    }

    /// <summary>How many times faster than the host clock the calendar runs.</summary>
    public int Factor { get; }

    /// <summary>The calendar's reading when it started to run.</summary>
    public DateTimeOffset Start { get; }

    public bool IsRunning => Interlocked.Read(ref _anchor) != 0;

    /// <summary>This calendar with timers (and delays, time-outs) on the host clock.</summary>
    public TimeProvider WallTimers { get; }

    /// <summary>Starts the calendar from <see cref="Start"/>; a second call changes nothing.</summary>
    public void Run() => Interlocked.CompareExchange(ref _anchor, Math.Max(1, _host.GetTimestamp()), 0);

    public override DateTimeOffset GetUtcNow()
    {
        var anchor = Interlocked.Read(ref _anchor);
        return anchor == 0 ? Start : Start + _host.GetElapsedTime(anchor) * Factor;
    }

    public override TimeZoneInfo LocalTimeZone => _host.LocalTimeZone;

    // Elapsed-time measurements (Stopwatch-style) stay on the host: they time work, not the calendar.
    public override long TimestampFrequency => _host.TimestampFrequency;
    public override long GetTimestamp() => _host.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(_host.CreateTimer(callback, state, Scale(dueTime), Scale(period)), this);

    /// <summary>A calendar duration as host time; infinite and zero stay what they are, anything else at least 1 ms.</summary>
    internal TimeSpan Scale(TimeSpan calendar)
    {
        if (calendar == Timeout.InfiniteTimeSpan || calendar <= TimeSpan.Zero) return calendar;
        var host = calendar / Factor;
        return host < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : host;
    }

    private sealed class ScaledTimer(ITimer inner, AcceleratedClock clock) : ITimer
    {
        public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(clock.Scale(dueTime), clock.Scale(period));
        public void Dispose() => inner.Dispose();
        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }

    private sealed class WallTimerView(AcceleratedClock calendar) : TimeProvider
    {
        public override DateTimeOffset GetUtcNow() => calendar.GetUtcNow();
        public override TimeZoneInfo LocalTimeZone => calendar.LocalTimeZone;
        public override long TimestampFrequency => calendar._host.TimestampFrequency;
        public override long GetTimestamp() => calendar._host.GetTimestamp();
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            calendar._host.CreateTimer(callback, state, dueTime, period);
    }
}

/// <summary>Which clock the app runs on.</summary>
public static class AppClock
{
    /// <summary><see cref="TimeProvider.System"/>, unless the built-in simulator runs with <c>Simulator:TimeAcceleration</c>
    /// above 1 or a <c>Simulator:ClockStart</c>: then one <see cref="AcceleratedClock"/> for the app and the simulator.</summary>
    public static TimeProvider For(AppSettings settings)
    {
        if (!BuiltInSimulator(settings) || (settings.Simulator.TimeAcceleration <= 1 && settings.Simulator.ClockStart is null))
            return TimeProvider.System;
        // Held at its start until the app has started (see WebServices.UseKisTrader).
        return new AcceleratedClock(TimeProvider.System, Factor(settings), settings.Simulator.ClockStart, running: false);
    }

    /// <summary>How many times faster than the host the app's calendar runs with these settings (1 = real time).</summary>
    public static int Factor(AppSettings settings) => BuiltInSimulator(settings) ? Math.Max(1, settings.Simulator.TimeAcceleration) : 1;

    /// <summary>A limit on how long the broker link may stay silent (the feed, the last tick) is wall time: on an
    /// accelerated calendar it is that many times longer. Unchanged at real time.</summary>
    public static TimeSpan LinkSilence(AppSettings settings, TimeSpan wall) => wall * Factor(settings);

    private static bool BuiltInSimulator(AppSettings settings) =>
        settings.Kis.Environment == Options.KisEnvironment.Simulator && settings.Kis.RestBaseUrl is null;

    /// <summary>The clock for durations that are wall time (the broker link, the simulator's ticks): the app's clock
    /// itself unless it is accelerated.</summary>
    public static TimeProvider WallTimers(TimeProvider time) => time is AcceleratedClock a ? a.WallTimers : time;

}
