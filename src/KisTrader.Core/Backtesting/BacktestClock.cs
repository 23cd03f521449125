using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// The simulated clock a backtest runs on. It only moves when told (forward only), so every component that asks a
/// <see cref="TimeProvider"/> for the time sees the same instant. Timers (Task.Delay with this provider) fire when the
/// clock is advanced past their due time, in due order, on the advancing thread. Session steps follow the
/// <see cref="KrxCalendar"/>: the next open, today's close.
/// </summary>
public sealed class BacktestClock : TimeProvider
{
    private static readonly TimeZoneInfo Kst = TimeZoneInfo.CreateCustomTimeZone("KST", KoreaTime.Offset, "Korea Standard Time", "KST");

    private readonly Lock _gate = new();
    private readonly List<ManualTimer> _timers = [];
    private DateTimeOffset _now;
    private long _timerSequence;

    public BacktestClock(DateTimeOffset start, KrxCalendar? calendar = null)
    {
        _now = start.ToUniversalTime();
        Calendar = calendar ?? new KrxCalendar();
    }

    public KrxCalendar Calendar { get; }

    public override DateTimeOffset GetUtcNow()
    {
        lock (_gate) return _now;
    }

    public override TimeZoneInfo LocalTimeZone => Kst;

    // Timestamps follow the simulated time too, so elapsed-time measurements are deterministic.
    public override long TimestampFrequency => TimeSpan.TicksPerSecond;

    public override long GetTimestamp() => GetUtcNow().UtcTicks;

    /// <summary>The KST date of the current instant.</summary>
    public DateOnly Today => KrxCalendar.KstDate(GetUtcNow());

    /// <summary>Moves the clock to <paramref name="to"/>, firing the timers due on the way. Moving back is refused:
    /// a backtest that went back in time could see its own future.</summary>
    public void AdvanceTo(DateTimeOffset to)
    {
        var target = to.ToUniversalTime();
        lock (_gate)
        {
            if (target < _now)
                throw new InvalidOperationException($"The backtest clock cannot move back from {KoreaTime.Format(_now)} to {KoreaTime.Format(target)} KST.");
        }
        while (true)
        {
            ManualTimer? due;
            lock (_gate)
            {
                due = _timers.Where(t => t.Due is { } d && d <= target).OrderBy(t => t.Due).ThenBy(t => t.Sequence).FirstOrDefault();
                if (due is null)
                {
                    _now = target;
                    return;
                }
                _now = due.Due!.Value;
                due.Due = due.Period is { } p && p > TimeSpan.Zero ? _now + p : null;
            }
            due.Fire();
        }
    }

    public void Advance(TimeSpan by)
    {
        if (by < TimeSpan.Zero) throw new ArgumentOutOfRangeException(nameof(by), by, "The backtest clock only moves forward.");
        AdvanceTo(GetUtcNow() + by);
    }

    /// <summary>The first trading day strictly after <paramref name="day"/>.</summary>
    public DateOnly NextTradingDay(DateOnly day)
    {
        var d = day.AddDays(1);
        while (!Calendar.IsTradingDay(d)) d = d.AddDays(1);
        return d;
    }

    /// <summary>The next session open strictly after now (today's when it is still ahead).</summary>
    public DateTimeOffset NextOpen()
    {
        var now = GetUtcNow();
        var day = KrxCalendar.KstDate(now);
        if (Calendar.IsTradingDay(day) && KrxCalendar.OpenOn(day) > now) return KrxCalendar.OpenOn(day);
        return KrxCalendar.OpenOn(NextTradingDay(day));
    }

    /// <summary>The next session close at or after now.</summary>
    public DateTimeOffset NextClose()
    {
        var now = GetUtcNow();
        var day = KrxCalendar.KstDate(now);
        if (Calendar.IsTradingDay(day) && KrxCalendar.CloseOn(day) >= now) return KrxCalendar.CloseOn(day);
        return KrxCalendar.CloseOn(NextTradingDay(day));
    }

    public void AdvanceToNextOpen() => AdvanceTo(NextOpen());

    public void AdvanceToClose() => AdvanceTo(NextClose());

    /// <summary>The trading days from <paramref name="from"/> to <paramref name="to"/> inclusive, in order.</summary>
    public IEnumerable<DateOnly> Sessions(DateOnly from, DateOnly to)
    {
        for (var d = from; d <= to; d = d.AddDays(1))
            if (Calendar.IsTradingDay(d)) yield return d;
    }

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period)
    {
        ArgumentNullException.ThrowIfNull(callback);
        var timer = new ManualTimer(this, callback, state);
        lock (_gate)
        {
            timer.Sequence = ++_timerSequence;
            _timers.Add(timer);
        }
        timer.Change(dueTime, period);
        return timer;
    }

    private sealed class ManualTimer(BacktestClock clock, TimerCallback callback, object? state) : ITimer
    {
        public long Sequence { get; set; }
        public DateTimeOffset? Due { get; set; }
        public TimeSpan? Period { get; private set; }

        public void Fire() => callback(state);

        public bool Change(TimeSpan dueTime, TimeSpan period)
        {
            lock (clock._gate)
            {
                if (!clock._timers.Contains(this)) return false;
                Due = dueTime == Timeout.InfiniteTimeSpan ? null : clock._now + (dueTime < TimeSpan.Zero ? TimeSpan.Zero : dueTime);
                Period = period == Timeout.InfiniteTimeSpan ? null : period;
            }
            return true;
        }

        public void Dispose()
        {
            lock (clock._gate) clock._timers.Remove(this);
        }

        public ValueTask DisposeAsync()
        {
            Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
