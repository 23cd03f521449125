namespace KisTrader.Web.Hosting;

/// <summary>
/// The clock of an app that runs its built-in simulator with <c>Simulator:TimeAcceleration</c> above 1 (or a
/// <c>Simulator:ClockStart</c>): the calendar starts at <see cref="Start"/> and runs <see cref="Factor"/> times faster
/// than the host clock, and timers made on it fire <see cref="Factor"/> times sooner, so everything that follows the
/// calendar — the Hangfire schedule, the daily summary, the risk engine's trading day, the simulator's sessions, token
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
        new ScaledTimer(this, callback, state, dueTime, period);

    /// <summary>A calendar duration as host time; infinite and zero stay what they are, anything else at least 1 ms.</summary>
    internal TimeSpan Scale(TimeSpan calendar)
    {
        if (calendar == Timeout.InfiniteTimeSpan || calendar <= TimeSpan.Zero) return calendar;
        var host = calendar / Factor;
        return host < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : host;
    }

    /// <summary>
    /// A timer on the calendar that never fires before its calendar due time. Host timers run on a coarse tick and may
    /// fire a few milliseconds before the precise clock the calendar reads says they are due (measured: 57.1 ms for a
    /// 60 ms delay), which at 1000× is seconds of calendar: a wait until 09:00 woke at 08:59:57. So each host timer is
    /// one-shot, and firing early re-arms it for what is left; a period is kept by re-arming from the due time.
    /// </summary>
    private sealed class ScaledTimer : ITimer
    {
        private readonly AcceleratedClock _clock;
        private readonly TimerCallback _callback;
        private readonly object? _state;
        private readonly ITimer _host;
        private readonly Lock _gate = new();
        private DateTimeOffset? _due;
        private TimeSpan _period;
        private bool _disposed;

        public ScaledTimer(AcceleratedClock clock, TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
        {
            _clock = clock;
            _callback = callback;
            _state = state;
            _host = clock._host.CreateTimer(_ => Fire(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            Change(dueTime, period);
        }

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            // As Timer.Change: -1 ms (infinite) or non-negative.
            if (dueTime < TimeSpan.Zero && dueTime != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(dueTime));
            if (period < TimeSpan.Zero && period != Timeout.InfiniteTimeSpan) throw new ArgumentOutOfRangeException(nameof(period));
            lock (_gate)
            {
                if (_disposed) return false;
                _period = period;
                _due = dueTime == Timeout.InfiniteTimeSpan ? null : _clock.GetUtcNow() + dueTime;
                return _host.Change(_clock.Scale(dueTime), Timeout.InfiniteTimeSpan);
            }
        }

        private void Fire()
        {
            lock (_gate)
            {
                if (_disposed || _due is not { } due) return;
                var now = _clock.GetUtcNow();
                if (now < due)
                {
                    _host.Change(_clock.Scale(due - now), Timeout.InfiniteTimeSpan);
                    return;
                }
                if (_period == Timeout.InfiniteTimeSpan || _period == TimeSpan.Zero)
                {
                    _due = null;
                }
                else
                {
                    // From the due time, so periods do not drift; after a long stall, one tick rather than a burst.
                    var next = due + _period;
                    _due = next > now ? next : now + _period;
                    _host.Change(_clock.Scale(_due.Value - now), Timeout.InfiniteTimeSpan);
                }
            }
            _callback(_state);
        }

        public void Dispose()
        {
            lock (_gate) _disposed = true;
            _host.Dispose();
        }

        public ValueTask DisposeAsync()
        {
            lock (_gate) _disposed = true;
            return _host.DisposeAsync();
        }
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
    public static int Factor(AppSettings settings) => Factor(settings.Kis, settings.Simulator);

    /// <inheritdoc cref="Factor(AppSettings)"/>
    public static int Factor(Options.KisOptions kis, Options.SimulatorOptions simulator) =>
        kis.Environment == Options.KisEnvironment.Simulator && kis.RestBaseUrl is null ? Math.Max(1, simulator.TimeAcceleration) : 1;

    /// <summary>A limit on how long the broker link may stay silent (the feed, the last tick) is wall time: on an
    /// accelerated calendar it is that many times longer. Unchanged at real time.</summary>
    public static TimeSpan LinkSilence(AppSettings settings, TimeSpan wall) => wall * Factor(settings);

    /// <inheritdoc cref="LinkSilence(AppSettings, TimeSpan)"/>
    public static TimeSpan LinkSilence(Options.KisOptions kis, Options.SimulatorOptions simulator, TimeSpan wall) => wall * Factor(kis, simulator);

    private static bool BuiltInSimulator(AppSettings settings) =>
        settings.Kis.Environment == Options.KisEnvironment.Simulator && settings.Kis.RestBaseUrl is null;

    /// <summary>The clock for durations that are wall time (the broker link, the simulator's ticks): the app's clock
    /// itself unless it is accelerated.</summary>
    public static TimeProvider WallTimers(TimeProvider time) => time is AcceleratedClock a ? a.WallTimers : time;

}
