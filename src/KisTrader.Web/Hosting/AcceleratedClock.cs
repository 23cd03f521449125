using KisTrader.Core.Market;

namespace KisTrader.Web.Hosting;

/// <summary>
/// The clock of an app that runs its built-in simulator with <c>Simulator:TimeAcceleration</c> above 1 (or a
/// <c>Simulator:ClockStart</c>): the calendar starts at <see cref="Start"/> and runs <see cref="Factor"/> times faster
/// than the host clock, and timers made on it fire when the calendar reaches their due time, so everything that follows
/// the calendar — the Hangfire schedule, the daily summary, the risk engine's trading day, the simulator's sessions,
/// token lifetimes — moves together. <see cref="WallTimers"/> is the same calendar with host-speed timers, for the
/// broker link, whose durations (request time-outs, throttling waits, reconnect back-off, market ticks) are network and
/// CPU time whatever the calendar says.
/// <para>
/// With a <see cref="SessionFactor"/> the calendar runs at that rate during the KRX session (09:00–15:30 KST on trading
/// days) and at <see cref="Factor"/> outside it. A run's work is wall time, so at 3600× a run of a few busy wall seconds
/// costs hours of the session (its orders can reach the exchange after the close); a slower session with fast nights
/// keeps a simulated week short and its sessions roomy.
/// </para>
/// </summary>
/// <remarks>Only <see cref="AppClock.For"/> creates one; with the default configuration the app keeps
/// <see cref="TimeProvider.System"/>.</remarks>
public sealed class AcceleratedClock : TimeProvider
{
    /// <summary>A timer further away than this many rate changes is armed at the fastest rate (it wakes early and
    /// re-arms for the rest), so a far-off due time never walks the calendar day by day.</summary>
    private const int MaxSegmentsWalked = 64;

    private readonly TimeProvider _host;
    private readonly KrxCalendar _calendar;
    private long _anchor; // host timestamp when the calendar started to run; 0 = not yet
    private Segment _cursor; // the rate segment the calendar was last read in (an optimisation: reads walk on from it)

    /// <param name="start">The calendar's reading when it starts to run (null: the host's time now).</param>
    /// <param name="running">false: the calendar stays at <paramref name="start"/> until <see cref="Run"/> (the app
    /// starts it once it is up, so a start-up of a few wall seconds does not cost hours of the simulated day).</param>
    /// <param name="sessionFactor">The rate during KRX sessions (null: <paramref name="factor"/> all the time).</param>
    /// <param name="calendar">The trading days that have a session (default: the built-in KRX calendar).</param>
    public AcceleratedClock(TimeProvider host, int factor, DateTimeOffset? start = null, bool running = true,
        int? sessionFactor = null, KrxCalendar? calendar = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(factor, 1);
        if (sessionFactor is { } sf) ArgumentOutOfRangeException.ThrowIfLessThan(sf, 1, nameof(sessionFactor));
        _host = host;
        _calendar = calendar ?? new KrxCalendar();
        Factor = factor;
        SessionFactor = sessionFactor ?? factor;
        Start = start ?? host.GetUtcNow();
        _cursor = SegmentAt(TimeSpan.Zero, Start);
        if (running) Run();
        WallTimers = new WallTimerView(this);
    }

    /// <summary>How many times faster than the host the calendar runs (outside KRX sessions when
    /// <see cref="SessionFactor"/> differs).</summary>
    public int Factor { get; }

    /// <summary>How many times faster than the host the calendar runs during KRX sessions.</summary>
    public int SessionFactor { get; }

    /// <summary>The calendar's reading when it started to run.</summary>
    public DateTimeOffset Start { get; }

    public bool IsRunning => Interlocked.Read(ref _anchor) != 0;

    /// <summary>This calendar with timers (and delays, time-outs) on the host clock.</summary>
    public TimeProvider WallTimers { get; }

    private bool OneRate => SessionFactor == Factor;

    /// <summary>Starts the calendar from <see cref="Start"/>; a second call changes nothing.</summary>
    public void Run() => Interlocked.CompareExchange(ref _anchor, Math.Max(1, _host.GetTimestamp()), 0);

    public override DateTimeOffset GetUtcNow()
    {
        var anchor = Interlocked.Read(ref _anchor);
        if (anchor == 0) return Start;
        var elapsed = _host.GetElapsedTime(anchor);
        return OneRate ? Start + elapsed * Factor : CalendarAt(elapsed);
    }

    /// <summary>
    /// One stretch of the calendar at one rate: from <paramref name="From"/> (reached at host time
    /// <paramref name="HostAt"/> after the start) until <paramref name="Until"/>.
    /// </summary>
    private sealed record Segment(TimeSpan HostAt, DateTimeOffset From, DateTimeOffset Until, int Rate)
    {
        public TimeSpan HostLength => Until == DateTimeOffset.MaxValue ? TimeSpan.MaxValue : TimeSpan.FromTicks((Until - From).Ticks / Rate);
    }

    private DateTimeOffset CalendarAt(TimeSpan elapsed)
    {
        var segment = Volatile.Read(ref _cursor);
        if (elapsed < segment.HostAt) segment = SegmentAt(TimeSpan.Zero, Start); // a reader that raced a later one
        while (true)
        {
            var length = segment.HostLength;
            if (length == TimeSpan.MaxValue || elapsed - segment.HostAt < length)
            {
                var at = segment.From + TimeSpan.FromTicks((elapsed - segment.HostAt).Ticks * segment.Rate);
                Volatile.Write(ref _cursor, segment);
                // Rounding of the segment's host length must not let a reading pass the rate change.
                return at < segment.Until ? at : segment.Until;
            }
            segment = SegmentAt(segment.HostAt + length, segment.Until);
        }
    }

    private Segment SegmentAt(TimeSpan hostAt, DateTimeOffset from)
    {
        var (until, rate) = RateAt(from);
        return new Segment(hostAt, from, until, rate);
    }

    /// <summary>The rate at a calendar instant and until when it holds.</summary>
    private (DateTimeOffset Until, int Rate) RateAt(DateTimeOffset at)
    {
        if (OneRate) return (DateTimeOffset.MaxValue, Factor);
        var day = KrxCalendar.KstDate(at);
        if (_calendar.IsTradingDay(day))
        {
            var open = KrxCalendar.OpenOn(day);
            if (at < open) return (open, Factor);
            var close = KrxCalendar.CloseOn(day);
            if (at < close) return (close, SessionFactor);
        }
        var next = day.AddDays(1);
        // Bounded: the calendar never has a month without a session; the cap only guards a pathological holiday list.
        for (var i = 0; i < 31 && !_calendar.IsTradingDay(next); i++) next = next.AddDays(1);
        return (KrxCalendar.OpenOn(next), Factor);
    }

    /// <summary>The host time until the calendar moves from <paramref name="from"/> to <paramref name="due"/>; zero
    /// when it is there, at least 1 ms otherwise.</summary>
    internal TimeSpan HostDelay(DateTimeOffset from, DateTimeOffset due)
    {
        if (due <= from) return TimeSpan.Zero;
        TimeSpan host;
        if (OneRate) host = (due - from) / Factor;
        else
        {
            host = TimeSpan.Zero;
            var at = from;
            for (var i = 0; at < due; i++)
            {
                if (i == MaxSegmentsWalked)
                {
                    host += (due - at) / Math.Max(Factor, SessionFactor);
                    break;
                }
                var (until, rate) = RateAt(at);
                var stop = until < due ? until : due;
                host += (stop - at) / rate;
                at = stop;
            }
        }
        return host < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : host;
    }

    public override TimeZoneInfo LocalTimeZone => _host.LocalTimeZone;

    // Elapsed-time measurements (Stopwatch-style) stay on the host: they time work, not the calendar.
    public override long TimestampFrequency => _host.TimestampFrequency;
    public override long GetTimestamp() => _host.GetTimestamp();

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        new ScaledTimer(this, callback, state, dueTime, period);

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
                if (dueTime == Timeout.InfiniteTimeSpan)
                {
                    _due = null;
                    return _host.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
                }
                var now = _clock.GetUtcNow();
                _due = now + dueTime;
                return _host.Change(_clock.HostDelay(now, _due.Value), Timeout.InfiniteTimeSpan);
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
                    _host.Change(_clock.HostDelay(now, due), Timeout.InfiniteTimeSpan);
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
                    _host.Change(_clock.HostDelay(now, _due.Value), Timeout.InfiniteTimeSpan);
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
        var simulator = settings.Simulator;
        if (!BuiltInSimulator(settings) || (simulator.TimeAcceleration <= 1 && simulator.SessionAcceleration is null && simulator.ClockStart is null))
            return TimeProvider.System;
        // Held at its start until the app has started (see WebServices.UseKisTrader).
        return new AcceleratedClock(TimeProvider.System, Math.Max(1, simulator.TimeAcceleration), simulator.ClockStart, running: false,
            sessionFactor: simulator.SessionAcceleration);
    }

    /// <summary>How many times faster than the host the app's calendar runs with these settings at its fastest (1 = real
    /// time): the conservative factor for wall-time allowances (link silence, the scheduler's poll and misfire grace).</summary>
    public static int Factor(AppSettings settings) => Factor(settings.Kis, settings.Simulator);

    /// <inheritdoc cref="Factor(AppSettings)"/>
    public static int Factor(Options.KisOptions kis, Options.SimulatorOptions simulator) =>
        kis.Environment == Options.KisEnvironment.Simulator && kis.RestBaseUrl is null
            ? Math.Max(1, Math.Max(simulator.TimeAcceleration, simulator.SessionAcceleration ?? 1))
            : 1;

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
