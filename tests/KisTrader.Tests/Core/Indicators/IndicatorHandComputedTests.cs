using KisTrader.Core.Indicators;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Indicators;

/// <summary>Small series worked out by hand (the arithmetic is in the comments), plus warm-up and edge cases.</summary>
public class IndicatorHandComputedTests
{
    private static Bar B(int day, decimal high, decimal low, decimal close, long volume = 0) =>
        new(new DateTimeOffset(2026, 3, day, 0, 0, 0, TimeSpan.FromHours(9)), close, high, low, close, volume, 0m);

    [Fact]
    public void Sma3_Of1To5_Is2Then3Then4()
    {
        var sma = new SimpleMovingAverage(3);
        sma.Update(1); sma.Update(2);
        Assert.False(sma.IsReady);
        Assert.Equal(2m, sma.Update(3));
        Assert.Equal(3m, sma.Update(4));
        Assert.Equal(4m, sma.Update(5));
        Assert.True(sma.IsReady);
    }

    [Fact]
    public void Ema3_SeedsWithSmaThenHalvesTheGap()
    {
        // k = 2/(3+1) = 0.5; seed mean(1,2,3) = 2; then 2 + 0.5(4 − 2) = 3; 3 + 0.5(5 − 3) = 4.
        var ema = new ExponentialMovingAverage(3);
        ema.Update(1); ema.Update(2);
        Assert.Equal(2m, ema.Update(3));
        Assert.Equal(3m, ema.Update(4));
        Assert.Equal(4m, ema.Update(5));
    }

    [Fact]
    public void Rsi2_FollowsWilderByHand()
    {
        // Changes +1, −1: avg gain 0.5, avg loss 0.5 → 50. Then +2: gain (0.5 + 2)/2 = 1.25, loss 0.5/2 = 0.25, RS 5 → 83.33…
        var rsi = new RelativeStrengthIndex(2);
        rsi.Update(10); rsi.Update(11);
        Assert.False(rsi.IsReady);
        Assert.Equal(50m, rsi.Update(10));
        Assert.True(rsi.IsReady);
        Assert.Equal(100m - 100m / 6m, rsi.Update(12));
    }

    [Fact]
    public void Rsi_OnAFlatSeries_IsNeutral50()
    {
        var rsi = new RelativeStrengthIndex(14);
        for (var i = 0; i < 30; i++) rsi.Update(70_000m);
        Assert.True(rsi.IsReady);
        Assert.Equal(50m, rsi.Current);
    }

    [Fact]
    public void Rsi_OnlyRising_Is100_OnlyFalling_Is0()
    {
        var up = new RelativeStrengthIndex(14);
        var down = new RelativeStrengthIndex(14);
        for (var i = 0; i < 20; i++)
        {
            up.Update(1000 + i * 10);
            down.Update(1000 - i * 10);
        }
        Assert.Equal(100m, up.Current);
        Assert.Equal(0m, down.Current);
    }

    [Fact]
    public void Rsi14_NeedsFifteenValues()
    {
        var rsi = new RelativeStrengthIndex(14);
        Assert.Equal(15, rsi.WarmUpPeriod);
        for (var i = 0; i < 14; i++) rsi.Update(100 + i % 3);
        Assert.False(rsi.IsReady);
        rsi.Update(101);
        Assert.True(rsi.IsReady);
    }

    [Fact]
    public void Bollinger3_Of1To3_UsesPopulationStdDev()
    {
        // mean 2, variance (1 + 0 + 1)/3 = 2/3, σ = 0.816496580927726…; upper = 2 + 2σ.
        var bb = new BollingerBands(3, 2m);
        bb.Update(1); bb.Update(2); bb.Update(3);
        Assert.Equal(2m, bb.Current);
        Assert.Equal(0.8164965809277260m, Math.Round(bb.StandardDeviation, 16));
        Assert.Equal(bb.Current + 2 * bb.StandardDeviation, bb.Upper);
    }

    [Fact]
    public void Bollinger_OnAFlatSeries_HasZeroWidth()
    {
        var bb = new BollingerBands();
        for (var i = 0; i < 25; i++) bb.Update(5_000m);
        Assert.Equal(5_000m, bb.Upper);
        Assert.Equal(5_000m, bb.Lower);
    }

    [Fact]
    public void DecimalSqrt_IsExactForSquaresAndPrecise()
    {
        Assert.Equal(12m, DecimalMath.Sqrt(144m));
        Assert.Equal(0m, DecimalMath.Sqrt(0m));
        var r = DecimalMath.Sqrt(2m);
        Assert.True(Math.Abs(r * r - 2m) < 0.0000000000000000000001m);
        Assert.Throws<ArgumentOutOfRangeException>(() => DecimalMath.Sqrt(-1m));
    }

    [Fact]
    public void Atr2_StartsWithTheSecondBar_AndUsesThePreviousCloseInTrueRange()
    {
        // The first bar has no previous close, so no true range. TR: max(12−9, |12−9|, |9−9|) = 3; max(11−10, |11−11|,
        // |10−11|) = 1 → ATR (3 + 1)/2 = 2; then max(14−11, |14−10.5|, |11−10.5|) = 3.5 → (2 + 3.5)/2 = 2.75.
        var atr = new AverageTrueRange(2);
        Assert.Equal(3, atr.WarmUpPeriod);
        atr.Update(B(2, 10, 8, 9));
        atr.Update(B(3, 12, 9, 11));
        Assert.Equal(3m, atr.TrueRange);
        Assert.False(atr.IsReady);
        Assert.Equal(2m, atr.Update(B(4, 11, 10, 10.5m)));
        Assert.True(atr.IsReady);
        Assert.Equal(2.75m, atr.Update(B(5, 14, 11, 13)));
        Assert.Equal(3.5m, atr.TrueRange);
    }

    [Fact]
    public void Vwap_WeighsTypicalPriceByVolume_AndStartsOverEachDay()
    {
        // Typical (12+8+10)/3 = 10 ×100; (15+9+12)/3 = 12 ×300 → 4600/400 = 11.5; next day starts over at 20.
        var vwap = new VolumeWeightedAveragePrice();
        var day = new DateTimeOffset(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(9));
        Assert.Equal(10m, vwap.Update(new Bar(day, 10, 12, 8, 10, 100, 0)));
        Assert.Equal(11.5m, vwap.Update(new Bar(day.AddMinutes(1), 10, 15, 9, 12, 300, 0)));
        Assert.Equal(20m, vwap.Update(new Bar(day.AddDays(1), 20, 21, 19, 20, 10, 0)));
    }

    [Fact]
    public void Obv_StartsAtZero_KeepsOnUnchangedClose()
    {
        var obv = new OnBalanceVolume();
        Assert.Equal(0m, obv.Update(B(2, 10, 10, 10, 100)));
        Assert.Equal(200m, obv.Update(B(3, 11, 11, 11, 200)));
        Assert.Equal(200m, obv.Update(B(4, 11, 11, 11, 300)));
        Assert.Equal(-200m, obv.Update(B(5, 9, 9, 9, 400)));
    }

    [Fact]
    public void Macd_IsReadyOnlyWhenSignalIs()
    {
        var macd = new MovingAverageConvergenceDivergence();
        Assert.Equal(34, macd.WarmUpPeriod);
        for (var i = 0; i < 33; i++) macd.Update(100 + i);
        Assert.False(macd.IsReady);
        macd.Update(200);
        Assert.True(macd.IsReady);
    }

    [Fact]
    public void Reset_ForgetsEverything()
    {
        var indicators = new ValueIndicator[] { new SimpleMovingAverage(3), new ExponentialMovingAverage(3), new RelativeStrengthIndex(3), new BollingerBands(3), new MovingAverageConvergenceDivergence(2, 3, 2) };
        foreach (var ind in indicators)
        {
            for (var i = 0; i < 10; i++) ind.Update(100 + i * i);
            var first = ind.Current;
            ind.Reset();
            Assert.False(ind.IsReady);
            Assert.Equal(0, ind.Samples);
            Assert.Equal(0m, ind.Current);
            for (var i = 0; i < 10; i++) ind.Update(100 + i * i);
            Assert.Equal(first, ind.Current);
        }
    }
}
