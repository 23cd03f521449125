using KisTrader.Core.Backtesting;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Backtesting;

public sealed class BacktestClockTests
{
    [Fact]
    public void Clock_MovesOnlyWhenTold_AndNeverBack()
    {
        var start = BarFixture.Kst(2026, 3, 6, 8, 0);
        var clock = new BacktestClock(start);
        Assert.Equal(start, clock.GetUtcNow());
        clock.Advance(TimeSpan.FromMinutes(30));
        Assert.Equal(start.AddMinutes(30), clock.GetUtcNow());
        Assert.Throws<InvalidOperationException>(() => clock.AdvanceTo(start));
        Assert.Equal(TimeSpan.FromHours(9), clock.LocalTimeZone.BaseUtcOffset);
    }

    [Fact]
    public void SessionSteps_SkipWeekendsAndHolidays()
    {
        // Friday 2026-02-13 after the close; 16–18 Feb are the Lunar New Year holidays, 14–15 a weekend.
        var clock = new BacktestClock(BarFixture.Kst(2026, 2, 13, 16, 0));
        Assert.Equal(KrxCalendar.OpenOn(new DateOnly(2026, 2, 19)), clock.NextOpen());
        clock.AdvanceToNextOpen();
        Assert.Equal(new DateOnly(2026, 2, 19), clock.Today);
        clock.AdvanceToClose();
        Assert.Equal(KrxCalendar.CloseOn(new DateOnly(2026, 2, 19)), clock.GetUtcNow());
        Assert.Equal([new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 19), new DateOnly(2026, 2, 20)],
            clock.Sessions(new DateOnly(2026, 2, 13), new DateOnly(2026, 2, 22)).ToList());
    }

    [Fact]
    public async Task Delays_CompleteWhenTheClockPassesThem_AndNotBefore()
    {
        var clock = new BacktestClock(BarFixture.Kst(2026, 3, 6, 9, 0));
        var delay = Task.Delay(TimeSpan.FromMinutes(5), clock);
        clock.Advance(TimeSpan.FromMinutes(4));
        Assert.False(delay.IsCompleted);
        clock.Advance(TimeSpan.FromMinutes(1));
        await delay.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(delay.IsCompletedSuccessfully);
    }

    [Fact]
    public void PeriodicTimers_FireOncePerPeriod_AtTheirDueTimes()
    {
        var clock = new BacktestClock(BarFixture.Kst(2026, 3, 6, 9, 0));
        var fired = new List<DateTimeOffset>();
        using var timer = clock.CreateTimer(_ => fired.Add(clock.GetUtcNow()), null, TimeSpan.FromMinutes(1), TimeSpan.FromMinutes(2));
        clock.Advance(TimeSpan.FromMinutes(6));
        Assert.Equal([BarFixture.Kst(2026, 3, 6, 9, 1), BarFixture.Kst(2026, 3, 6, 9, 3), BarFixture.Kst(2026, 3, 6, 9, 5)], fired);
        Assert.Equal(BarFixture.Kst(2026, 3, 6, 9, 6), clock.GetUtcNow());
    }
}
