using KisTrader.Core.Backtesting.Sweeps;

namespace KisTrader.Tests.Backtesting.Sweeps;

public sealed class WalkForwardTests
{
    private static DateOnly D(int y, int m, int d) => new(y, m, d);

    [Fact]
    public void Rolling_TwoYearsSixMonths_OverTenYears_TestsEveryDayAfterTheFirstTrainOnce()
    {
        var windows = WalkForward.Rolling(D(2015, 1, 1), D(2024, 12, 31), PeriodLength.Parse("2y"), PeriodLength.Parse("6m"));

        Assert.Equal(16, windows.Count);
        Assert.Equal(new WalkForwardWindow(1, D(2015, 1, 1), D(2016, 12, 31), D(2017, 1, 1), D(2017, 6, 30)), windows[0]);
        Assert.Equal(new WalkForwardWindow(2, D(2015, 7, 1), D(2017, 6, 30), D(2017, 7, 1), D(2017, 12, 31)), windows[1]);
        Assert.Equal(new WalkForwardWindow(16, D(2022, 7, 1), D(2024, 6, 30), D(2024, 7, 1), D(2024, 12, 31)), windows[^1]);
        AssertNoLeak(windows, D(2015, 1, 1), D(2024, 12, 31));
    }

    [Theory]
    [InlineData("2015-01-31", "2019-05-17", "1y", "3m")]
    [InlineData("2016-02-29", "2020-03-01", "13m", "1m")]
    [InlineData("2020-01-06", "2020-12-31", "90d", "4w")]
    [InlineData("2020-01-01", "2020-03-01", "30d", "6m")]
    public void Rolling_NeverTrainsOnADayItTests_AndTilesTheTestTime(string from, string to, string train, string test)
    {
        var (f, t) = (DateOnly.Parse(from, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(to, System.Globalization.CultureInfo.InvariantCulture));
        var windows = WalkForward.Rolling(f, t, PeriodLength.Parse(train), PeriodLength.Parse(test));
        AssertNoLeak(windows, f, t);
        Assert.Equal(PeriodLength.Parse(train).Add(f), windows[0].TestFrom);
    }

    [Fact]
    public void Holdout_TrainsOnTheFirstTwoThirds_AndTestsTheRest()
    {
        var w = Assert.Single(WalkForward.Holdout(D(2024, 1, 1), D(2024, 12, 31)));
        Assert.Equal(new WalkForwardWindow(1, D(2024, 1, 1), D(2024, 8, 31), D(2024, 9, 1), D(2024, 12, 31)), w);
    }

    [Theory]
    [InlineData("2y/6m", "0y")]
    [InlineData("x", "6")]
    [InlineData("-1m", "6q")]
    public void Periods_AreWholeNumbersOfYearsMonthsWeeksOrDays(string a, string b)
    {
        Assert.Throws<FormatException>(() => PeriodLength.Parse(a));
        Assert.Throws<FormatException>(() => PeriodLength.Parse(b));
    }

    [Fact]
    public void APeriodNoLongerThanOneTrainWindow_IsRefused()
    {
        var ex = Assert.Throws<FormatException>(() => WalkForward.Rolling(D(2024, 1, 1), D(2024, 12, 31), PeriodLength.Parse("1y"), PeriodLength.Parse("1m")));
        Assert.Contains("nothing is left to test", ex.Message);
    }

    /// <summary>Each train period ends the day before its test period and starts no earlier than the sweep; the test
    /// periods are contiguous, never overlap, and end at the sweep's end.</summary>
    private static void AssertNoLeak(IReadOnlyList<WalkForwardWindow> windows, DateOnly from, DateOnly to)
    {
        Assert.NotEmpty(windows);
        for (var i = 0; i < windows.Count; i++)
        {
            var w = windows[i];
            Assert.Equal(i + 1, w.Number);
            Assert.True(w.TrainFrom >= from && w.TrainFrom <= w.TrainTo, $"window {w.Number}: train {w.TrainFrom}..{w.TrainTo}");
            Assert.Equal(w.TestFrom.AddDays(-1), w.TrainTo);
            Assert.True(w.TestFrom <= w.TestTo && w.TestTo <= to, $"window {w.Number}: test {w.TestFrom}..{w.TestTo}");
            if (i > 0) Assert.Equal(windows[i - 1].TestTo.AddDays(1), w.TestFrom);
        }
        Assert.Equal(to, windows[^1].TestTo);
    }
}
