using KisTrader.Core.Market;
using KisTrader.Core.Ml.Labels;

namespace KisTrader.Ml.Tests;

public sealed class LabelTests
{
    private static readonly TradingCosts Costs = new();

    [Fact]
    public void The_label_buys_at_the_next_open_sells_at_the_close_of_the_fifth_session_and_pays_commission_and_tax()
    {
        var next = Sessions(new DateOnly(2026, 3, 3), open: 10_000m, closes: [10_050m, 9_900m, 10_100m, 10_080m, 10_200m, 20_000m]);
        var label = ForwardLabel.From(next, new LabelSpec(), KrxMarket.Kospi, Costs)!;
        // 10,200 × (1 − 0.00015 − 0.0020 KOSPI tax in 2026) ÷ (10,000 × 1.00015) − 1
        var expected = 10_200m * (1 - 0.00015m - 0.0020m) / (10_000m * 1.00015m) - 1;
        Assert.Equal(expected, label.NetReturn);
        Assert.Equal(new DateOnly(2026, 3, 3), label.EntryDate);
        Assert.Equal(new DateOnly(2026, 3, 9), label.ExitDate);
        Assert.True(label.NetReturn is > 0.0176m and < 0.0177m);
        Assert.True(label.Positive);
        Assert.Equal(Direction.Up, label.Direction);
    }

    [Fact]
    public void A_gross_gain_just_above_the_threshold_is_not_positive_after_costs()
    {
        // +1.1% gross is about +0.88% net on KOSPI in 2026: below the 1% threshold, so flat.
        var next = Sessions(new DateOnly(2026, 3, 3), open: 10_000m, closes: [10_000m, 10_000m, 10_000m, 10_000m, 10_110m]);
        var label = ForwardLabel.From(next, new LabelSpec(), KrxMarket.Kospi, Costs)!;
        Assert.False(label.Positive);
        Assert.Equal(Direction.Flat, label.Direction);
    }

    [Fact]
    public void The_three_class_label_is_down_below_minus_the_threshold()
    {
        var next = Sessions(new DateOnly(2026, 3, 3), open: 10_000m, closes: [9_900m, 9_900m, 9_900m, 9_900m, 9_850m]);
        Assert.Equal(Direction.Down, ForwardLabel.From(next, new LabelSpec(), KrxMarket.Kospi, Costs)!.Direction);
        var wide = ForwardLabel.From(next, new LabelSpec(Threshold: 0.02m), KrxMarket.Kospi, Costs)!;
        Assert.Equal(Direction.Flat, wide.Direction);
    }

    [Fact]
    public void The_sell_tax_is_that_of_the_sell_dates_year_and_market()
    {
        var in2025 = ForwardLabel.NetReturnOf(10_000m, 10_000m, KrxMarket.Kospi, new DateOnly(2025, 6, 2), Costs);
        var in2026 = ForwardLabel.NetReturnOf(10_000m, 10_000m, KrxMarket.Kospi, new DateOnly(2026, 6, 2), Costs);
        var konex = ForwardLabel.NetReturnOf(10_000m, 10_000m, KrxMarket.Konex, new DateOnly(2026, 6, 2), Costs);
        Assert.Equal((1 - 0.00015m - 0.0015m) / 1.00015m - 1, in2025);
        Assert.Equal((1 - 0.00015m - 0.0020m) / 1.00015m - 1, in2026);
        Assert.Equal((1 - 0.00015m - 0.0010m) / 1.00015m - 1, konex);
    }

    [Fact]
    public void A_session_without_enough_sessions_after_it_has_no_label()
    {
        var next = Sessions(new DateOnly(2026, 3, 3), open: 10_000m, closes: [10_000m, 10_000m, 10_000m, 10_000m]);
        Assert.Null(ForwardLabel.From(next, new LabelSpec(), KrxMarket.Kospi, Costs));
        Assert.NotNull(ForwardLabel.From(next, new LabelSpec(Horizon: 4), KrxMarket.Kospi, Costs));
    }

    [Fact]
    public void A_label_spec_out_of_range_is_refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelSpec(Horizon: 0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new LabelSpec(Threshold: -0.01m));
    }

    private static List<Bar> Sessions(DateOnly first, decimal open, decimal[] closes)
    {
        var bars = new List<Bar>();
        var day = first;
        foreach (var close in closes)
        {
            while (day.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) day = day.AddDays(1);
            var o = bars.Count == 0 ? open : close;
            bars.Add(new Bar(new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), o, Math.Max(o, close), Math.Min(o, close), close, 1000, 0m));
            day = day.AddDays(1);
        }
        return bars;
    }
}
