namespace KisTrader.Core.Backtesting.Sweeps;

/// <summary>One walk-forward step: the parameter set is chosen on the train period and scored on the test period, which
/// starts the day after the train period ends.</summary>
public sealed record WalkForwardWindow(int Number, DateOnly TrainFrom, DateOnly TrainTo, DateOnly TestFrom, DateOnly TestTo);

/// <summary>
/// The windows of a sweep. <see cref="Rolling"/>: the test periods tile the time after the first train period without
/// gaps or overlap (each <c>test</c> long, the last cut at <c>to</c>), and each train period is the <c>train</c> length
/// just before its test period (never before <c>from</c>), so no window trains on a day it is tested on.
/// <see cref="Holdout"/>: one window, the first two thirds of the period to choose, the last third to test.
/// </summary>
public static class WalkForward
{
    public static IReadOnlyList<WalkForwardWindow> Rolling(DateOnly from, DateOnly to, PeriodLength train, PeriodLength test)
    {
        var firstTest = train.Add(from);
        if (firstTest > to)
            throw new FormatException($"The period {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is not longer than one train period ({train}): nothing is left to test.");
        var windows = new List<WalkForwardWindow>();
        // Each test period is measured from the first one (not from the previous end), so month lengths do not drift.
        for (var k = 0; ; k++)
        {
            var testFrom = k == 0 ? firstTest : windows[^1].TestTo.AddDays(1);
            if (testFrom > to) break;
            var testTo = Min(test.Add(firstTest, k + 1).AddDays(-1), to);
            var trainFrom = Max(train.Add(testFrom, -1), from);
            windows.Add(new WalkForwardWindow(k + 1, trainFrom, testFrom.AddDays(-1), testFrom, testTo));
        }
        return windows;
    }

    public static IReadOnlyList<WalkForwardWindow> Holdout(DateOnly from, DateOnly to)
    {
        var days = to.DayNumber - from.DayNumber + 1;
        if (days < 3) throw new FormatException($"The period {from:yyyy-MM-dd} to {to:yyyy-MM-dd} is too short to split into train and test.");
        var testFrom = from.AddDays(days * 2 / 3);
        return [new WalkForwardWindow(1, from, testFrom.AddDays(-1), testFrom, to)];
    }

    private static DateOnly Min(DateOnly a, DateOnly b) => a < b ? a : b;

    private static DateOnly Max(DateOnly a, DateOnly b) => a > b ? a : b;
}
