using KisTrader.Core.Market;
using KisTrader.Web.Hosting;
using KisTrader.Testing;
using Microsoft.Extensions.Configuration;

namespace KisTrader.Tests.Web;

/// <summary>The app's clock: the system clock by default; one accelerated calendar for the app and its built-in simulator
/// when Simulator:TimeAcceleration asks for it (the soak runs five trading days on it).</summary>
public sealed class AcceleratedClockTests
{
    private static AppSettings Load(params (string Key, string? Value)[] values) =>
        AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());

    [Fact]
    public void DefaultConfiguration_KeepsTheSystemClock()
    {
        Assert.Same(TimeProvider.System, AppClock.For(Load()));
        Assert.Equal(TimeSpan.FromSeconds(30), AppClock.LinkSilence(Load(), TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public void Acceleration_AgainstRealKis_IsIgnored()
    {
        var settings = Load(("Kis:Environment", "Paper"), ("Kis:AppKey", "k"), ("Kis:AppSecret", "s"), ("Kis:AccountNumber", "12345678"),
            ("Simulator:TimeAcceleration", "100"));
        Assert.Same(TimeProvider.System, AppClock.For(settings));
        Assert.Equal(1, AppClock.Factor(settings));
    }

    [Fact]
    public void Acceleration_OnTheBuiltInSimulator_GivesAHeldCalendarFromClockStart()
    {
        var start = new DateTimeOffset(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);
        var settings = Load(("Simulator:TimeAcceleration", "3600"), ("Simulator:ClockStart", start.ToString("O")));
        var clock = Assert.IsType<AcceleratedClock>(AppClock.For(settings));
        Assert.Equal(3600, clock.Factor);
        Assert.False(clock.IsRunning);
        Assert.Equal(start, clock.GetUtcNow());
        Assert.Equal(TimeSpan.FromSeconds(30) * 3600, AppClock.LinkSilence(settings, TimeSpan.FromSeconds(30)));
    }

    [Fact]
    public async Task Calendar_RunsFactorTimesFaster_AndItsTimersFireThatMuchSooner_WhileWallTimersKeepHostTime()
    {
        var start = new DateTimeOffset(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);
        var clock = new AcceleratedClock(TimeProvider.System, 1000, start);
        var wall = System.Diagnostics.Stopwatch.StartNew();

        // A 60-second calendar delay is 60 ms of host time.
        await Task.Delay(TimeSpan.FromSeconds(60), clock);
        Assert.True(clock.GetUtcNow() - start >= TimeSpan.FromSeconds(60));
        Assert.True(wall.Elapsed < TimeSpan.FromSeconds(20), $"took {wall.Elapsed}");

        // The wall view reads the same calendar, but a 200 ms time-out on it is 200 ms of host time.
        var before = wall.Elapsed;
        await Task.Delay(TimeSpan.FromMilliseconds(200), clock.WallTimers);
        Assert.True(wall.Elapsed - before >= TimeSpan.FromMilliseconds(190));
        Assert.True(clock.WallTimers.GetUtcNow() - start >= TimeSpan.FromSeconds(200));
    }

    [Fact]
    public void ATimerWhoseHostTimerFiresEarly_WaitsOutTheRest_AndNeverFiresBeforeItsCalendarDueTime()
    {
        // Host timers run on a coarse tick: one measured 57.1 ms for a 60 ms delay, 3 s early at 1000×.
        var host = new EarlyHost(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), early: 0.05);
        var start = new DateTimeOffset(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);
        var clock = new AcceleratedClock(host, 1000, start);
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromSeconds(60), TimeSpan.FromSeconds(30));

        host.Advance(TimeSpan.FromMilliseconds(57)); // the host timer (due at 57 ms of its 60) fires here
        Assert.Empty(fired);
        for (var ms = 57; ms < 120 && fired.Count < 3; ms++) host.Advance(TimeSpan.FromMilliseconds(1));

        Assert.Equal(3, fired.Count);
        Assert.All(fired.Select((at, i) => (at, due: start + TimeSpan.FromSeconds(60 + 30 * i))), f => Assert.True(f.at >= f.due, $"fired at {f.at:T}, due {f.due:T}"));
        Assert.All(fired.Select((at, i) => (at, due: start + TimeSpan.FromSeconds(60 + 30 * i))), f => Assert.True(f.at - f.due < TimeSpan.FromSeconds(2), $"fired at {f.at:T}, due {f.due:T}"));
    }

    /// <summary>A host clock moved by hand whose timers fire a fraction of their due time early.</summary>
    private sealed class EarlyHost(DateTimeOffset start, double early) : TimeProvider
    {
        private readonly ManualTimeProvider _manual = new(start);

        public void Advance(TimeSpan by) => _manual.Advance(by);
        public override DateTimeOffset GetUtcNow() => _manual.GetUtcNow();
        public override long TimestampFrequency => TimeSpan.TicksPerSecond;
        public override long GetTimestamp() => (_manual.GetUtcNow() - start).Ticks + 1;
        public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
            new EarlyTimer(_manual.CreateTimer(callback, state, Early(dueTime), Early(period)), this);

        private TimeSpan Early(TimeSpan t) => t <= TimeSpan.Zero || t == Timeout.InfiniteTimeSpan ? t : t * (1 - early);

        private sealed class EarlyTimer(ITimer inner, EarlyHost host) : ITimer
        {
            public bool Change(TimeSpan dueTime, TimeSpan period) => inner.Change(host.Early(dueTime), host.Early(period));
            public void Dispose() => inner.Dispose();
            public ValueTask DisposeAsync() => inner.DisposeAsync();
        }
    }

    [Fact]
    public void WithASessionRate_TheSessionRunsAtItAndNightsWeekendsAndHolidaysAtTheOtherRate()
    {
        // Wednesday 2026-03-04 08:30 KST; 3600× outside sessions, 900× in them.
        var host = new EarlyHost(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), early: 0);
        var start = new DateTimeOffset(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);
        var clock = new AcceleratedClock(host, 3600, start, sessionFactor: 900);
        DateTimeOffset Kst(int day, int h, int m, int s = 0) => new(2026, 3, day, h, m, s, KoreaTime.Offset);

        host.Advance(TimeSpan.FromSeconds(0.5)); // 30 minutes at 3600×: the open
        Assert.Equal(Kst(4, 9, 0), clock.GetUtcNow());
        host.Advance(TimeSpan.FromSeconds(1)); // 15 minutes at 900×
        Assert.Equal(Kst(4, 9, 15), clock.GetUtcNow());
        host.Advance(TimeSpan.FromSeconds(25)); // the rest of the 6.5-hour session: 26 s in all
        Assert.Equal(Kst(4, 15, 30), clock.GetUtcNow());
        host.Advance(TimeSpan.FromSeconds(1)); // after the close, 3600× again
        Assert.Equal(Kst(4, 16, 30), clock.GetUtcNow());

        // Friday's close to Monday's open (a weekend) at 3600×: 65.5 hours in 65.5 s.
        var clock2 = new AcceleratedClock(host, 3600, Kst(6, 15, 30), sessionFactor: 900);
        host.Advance(TimeSpan.FromSeconds(65.5));
        Assert.Equal(Kst(9, 9, 0), clock2.GetUtcNow());
        host.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(Kst(9, 9, 30), clock2.GetUtcNow());

        // A holiday (here a calendar with Thursday 2026-03-05 off) has no session: fast all day.
        var holidays = new KrxCalendar([new DateOnly(2026, 3, 5)]);
        var clock3 = new AcceleratedClock(host, 3600, Kst(5, 8, 0), sessionFactor: 900, calendar: holidays);
        host.Advance(TimeSpan.FromSeconds(5));
        Assert.Equal(Kst(5, 13, 0), clock3.GetUtcNow());
    }

    [Fact]
    public void WithASessionRate_ATimerAcrossTheOpenFiresWhenTheCalendarReachesItsDueTime_NotByEitherRateAlone()
    {
        var host = new EarlyHost(new DateTimeOffset(2026, 12, 4, 0, 0, 0, TimeSpan.Zero), early: 0);
        var start = new DateTimeOffset(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);
        var clock = new AcceleratedClock(host, 3600, start, sessionFactor: 900);
        var fired = new List<DateTimeOffset>();
        // Due 09:30: 30 minutes at 3600× (0.5 s) then 30 at 900× (2 s). At 3600× alone it would fire at 1 s (09:07:30),
        // at 900× alone at 4 s.
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromHours(1), Timeout.InfiniteTimeSpan);

        host.Advance(TimeSpan.FromMilliseconds(2490));
        Assert.Empty(fired);
        host.Advance(TimeSpan.FromMilliseconds(10));
        var at = Assert.Single(fired);
        Assert.Equal(new DateTimeOffset(2026, 3, 4, 9, 30, 0, KoreaTime.Offset), at);
    }

    [Fact]
    public void SessionAcceleration_OnTheBuiltInSimulator_GivesATwoRateCalendar_AndWallAllowancesUseTheFasterRate()
    {
        var start = new DateTimeOffset(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);
        var settings = Load(("Simulator:TimeAcceleration", "7200"), ("Simulator:SessionAcceleration", "900"), ("Simulator:ClockStart", start.ToString("O")));
        var clock = Assert.IsType<AcceleratedClock>(AppClock.For(settings));
        Assert.Equal(7200, clock.Factor);
        Assert.Equal(900, clock.SessionFactor);
        Assert.Equal(7200, AppClock.Factor(settings));
        Assert.Equal(TimeSpan.FromSeconds(30) * 7200, AppClock.LinkSilence(settings, TimeSpan.FromSeconds(30)));
        // Without TimeAcceleration, nights run at real time and sessions faster: the allowance follows the session's rate.
        Assert.Equal(900, AppClock.Factor(Load(("Simulator:SessionAcceleration", "900"))));
    }

    [Fact]
    public void SessionAcceleration_OutOfRange_StopsStartUpNamingTheKey()
    {
        var error = Assert.Throws<ConfigurationException>(() => Load(("Simulator:SessionAcceleration", "0")));
        Assert.Contains("Simulator:SessionAcceleration", error.Message);
    }

    [Fact]
    public void Run_StartsTheCalendarOnce()
    {
        var start = new DateTimeOffset(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);
        var clock = new AcceleratedClock(TimeProvider.System, 10, start, running: false);
        Thread.Sleep(20);
        Assert.Equal(start, clock.GetUtcNow());
        clock.Run();
        Thread.Sleep(20);
        var first = clock.GetUtcNow();
        clock.Run();
        Assert.True(first > start);
        Assert.True(clock.GetUtcNow() >= first);
    }
}
