using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Market;

public sealed class KrxCalendarTests
{
    private static DateTimeOffset Kst(int y, int mo, int d, int h, int mi, int s = 0) =>
        new(y, mo, d, h, mi, s, TimeSpan.FromHours(9));

    // 2026-12-07 is a Monday, 2026-12-05 a Saturday, 2026-12-06 a Sunday, 2026-12-25 (Friday) a listed KRX holiday.
    [Theory]
    [InlineData(2026, 12, 7, 8, 59, 59, KrxSessionPhase.Closed)]
    [InlineData(2026, 12, 7, 9, 0, 0, KrxSessionPhase.Continuous)]
    [InlineData(2026, 12, 7, 15, 19, 59, KrxSessionPhase.Continuous)]
    [InlineData(2026, 12, 7, 15, 20, 0, KrxSessionPhase.ClosingAuction)]
    [InlineData(2026, 12, 7, 15, 29, 59, KrxSessionPhase.ClosingAuction)]
    [InlineData(2026, 12, 7, 15, 30, 0, KrxSessionPhase.Closed)]
    [InlineData(2026, 12, 7, 0, 0, 0, KrxSessionPhase.Closed)]
    [InlineData(2026, 12, 5, 10, 0, 0, KrxSessionPhase.Closed)]
    [InlineData(2026, 12, 6, 15, 25, 0, KrxSessionPhase.Closed)]
    [InlineData(2026, 12, 25, 10, 0, 0, KrxSessionPhase.Closed)]
    public void Phase_AtBoundaryInstantsWeekendsAndHolidays(int y, int mo, int d, int h, int mi, int s, KrxSessionPhase expected)
    {
        var at = Kst(y, mo, d, h, mi, s);
        Assert.Equal(expected, new KrxCalendar().Phase(at));
        Assert.Equal(expected, new KrxCalendar().Phase(at.ToUniversalTime()));
        Assert.Equal(expected != KrxSessionPhase.Closed, new KrxCalendar().IsInSession(at));
    }

    [Fact]
    public void WeekendsOnly_TradesOnAListedHolidayButNotOnAWeekend()
    {
        Assert.Equal(KrxSessionPhase.Continuous, KrxCalendar.WeekendsOnly.Phase(Kst(2026, 12, 25, 10, 0)));
        Assert.Equal(KrxSessionPhase.Closed, KrxCalendar.WeekendsOnly.Phase(Kst(2026, 12, 5, 10, 0)));
    }

    [Theory]
    [InlineData(2026, 12, 7, true)]
    [InlineData(2026, 12, 5, false)]
    [InlineData(2026, 12, 6, false)]
    [InlineData(2026, 12, 25, false)]
    [InlineData(2026, 12, 31, false)]
    [InlineData(2027, 1, 4, true)]
    public void IsTradingDay_SkipsWeekendsAndListedHolidays(int y, int mo, int d, bool expected) =>
        Assert.Equal(expected, new KrxCalendar().IsTradingDay(new DateOnly(y, mo, d)));

    [Fact]
    public void IsTradingDay_OfAnInstant_UsesTheKstDate()
    {
        // 2026-12-24 16:00 UTC is already 2026-12-25 01:00 KST, a holiday.
        var at = new DateTimeOffset(2026, 12, 24, 16, 0, 0, TimeSpan.Zero);
        Assert.False(new KrxCalendar().IsTradingDay(at));
        Assert.Equal(new DateOnly(2026, 12, 25), KrxCalendar.KstDate(at));
    }

    [Fact]
    public void AConfiguredHolidayList_AddsToTheBuiltInOne()
    {
        var calendar = new KrxCalendar([new DateOnly(2026, 12, 7)]);
        Assert.False(calendar.IsTradingDay(new DateOnly(2026, 12, 7)));
        Assert.False(calendar.IsTradingDay(new DateOnly(2026, 12, 25)));
        Assert.True(calendar.IsTradingDay(new DateOnly(2026, 12, 8)));
    }

    [Theory]
    [InlineData(8, 59, 59, -1.0 / 60)]
    [InlineData(9, 0, 0, 0.0)]
    [InlineData(9, 1, 30, 1.5)]
    [InlineData(15, 30, 0, 390.0)]
    public void MinutesSinceOpen_CountsFrom0900Kst(int h, int mi, int s, double expected) =>
        Assert.Equal(expected, KrxCalendar.MinutesSinceOpen(Kst(2026, 12, 7, h, mi, s).ToUniversalTime()), 9);

    [Fact]
    public void OpenAndCloseInstants_Are0900And1530KstOfTheDate()
    {
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 0, 0, 0, TimeSpan.Zero), KrxCalendar.OpenOn(new DateOnly(2026, 12, 7)));
        Assert.Equal(new DateTimeOffset(2026, 12, 7, 6, 30, 0, TimeSpan.Zero), KrxCalendar.CloseOn(new DateOnly(2026, 12, 7)));
        Assert.Equal(TimeSpan.FromMinutes(390), KrxCalendar.SessionLength);
    }
}
