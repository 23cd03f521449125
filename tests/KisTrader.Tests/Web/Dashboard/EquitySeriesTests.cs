using KisTrader.Web.Dashboard;

namespace KisTrader.Tests.Web.Dashboard;

public sealed class EquitySeriesTests
{
    private static readonly DateTimeOffset T0 = new(2026, 12, 4, 1, 0, 0, TimeSpan.Zero);

    private static EquityPoint P(int seconds, decimal equity) => new(T0.AddSeconds(seconds), equity);

    [Fact]
    public void Drawdown_IsZeroAtEachNewHigh_AndThePercentBelowTheHighestEquitySoFar()
    {
        var s = new EquitySeries([P(0, 100_000_000m), P(60, 95_000_000m), P(120, 110_000_000m), P(180, 99_000_000m)]);

        Assert.Equal([0m, -5m, 0m, -10m], s.DrawdownPercent);
        Assert.Equal([100_000_000m, 95_000_000m, 110_000_000m, 99_000_000m], s.Equity);
    }

    [Fact]
    public void Loading_KeepsStrictlyIncreasingSeconds_TheFirstPointOfASecondWins()
    {
        var s = new EquitySeries([P(0, 100m), new(T0.AddMilliseconds(400), 200m), P(1, 90m), P(1, 80m)]);

        Assert.Equal(2, s.Count);
        Assert.Equal([100m, 90m], s.Equity);
    }

    [Fact]
    public void Add_InTheSameSecond_ReplacesTheLastPoint_AndMeasuresItAgainstThePeakBeforeIt()
    {
        var s = new EquitySeries([P(0, 100m), P(60, 120m)]);

        Assert.True(s.Add(P(60, 90m)));

        Assert.Equal([100m, 90m], s.Equity);
        Assert.Equal([0m, -10m], s.DrawdownPercent); // the replaced 120 is no longer a peak
    }

    [Fact]
    public void Add_ReplacingTheOnlyPoint_LeavesNoDrawdown()
    {
        var s = new EquitySeries([P(0, 100m)]);

        Assert.True(s.Add(P(0, 80m)));

        Assert.Equal([80m], s.Equity);
        Assert.Equal([0m], s.DrawdownPercent);
    }

    [Fact]
    public void Add_OlderThanTheLastPoint_IsIgnored()
    {
        var s = new EquitySeries([P(0, 100m), P(60, 120m)]);

        Assert.False(s.Add(P(30, 50m)));
        Assert.True(s.Add(P(120, 108m)));

        Assert.Equal([100m, 120m, 108m], s.Equity);
        Assert.Equal(-10m, s.DrawdownPercent[^1]);
    }

    [Fact]
    public void EquityRange_IsAtLeastPlusMinusPointTwoPercentAroundTheMiddle_SoSmallMovesDoNotLookLikeACrash()
    {
        var flat = new EquitySeries([P(0, 100_000_000m), P(60, 100_000_500m)]).EquityRange();
        Assert.True(flat.Min <= 100_000_250m - 200_000m && flat.Max >= 100_000_250m + 200_000m, $"{flat}");

        var wide = new EquitySeries([P(0, 100_000_000m), P(60, 80_000_000m)]).EquityRange();
        Assert.True(wide.Min < 80_000_000m && wide.Max > 100_000_000m, $"{wide}");
    }

    [Fact]
    public void DrawdownRange_ReachesBelowTheDeepestDrawdown_AndAtLeastToMinusHalfAPercent()
    {
        Assert.Equal((-0.5m, 0m), new EquitySeries([P(0, 100m)]).DrawdownRange());
        var deep = new EquitySeries([P(0, 100m), P(60, 80m)]).DrawdownRange();
        Assert.True(deep.Min < -20m && deep.Max == 0m, $"{deep}");
    }
}
