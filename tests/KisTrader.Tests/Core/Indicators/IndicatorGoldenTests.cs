using KisTrader.Core.Indicators;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Indicators;

/// <summary>Each streaming indicator against an independent textbook computation over the golden bar series.</summary>
public class IndicatorGoldenTests
{
    private static readonly IReadOnlyList<Bar> Bars = GoldenBars.Load();
    private static readonly IReadOnlyList<decimal> Closes = Bars.Select(b => b.Close).ToList();

    private static void AssertClose(decimal expected, decimal actual, decimal tolerance, string what) =>
        Assert.True(Math.Abs(expected - actual) <= tolerance, $"{what}: expected {expected}, got {actual}");

    [Fact]
    public void GoldenSeries_HasEnoughBarsForEveryIndicator() => Assert.Equal(80, Bars.Count);

    [Theory]
    [InlineData(5)]
    [InlineData(20)]
    [InlineData(60)]
    public void Sma_MatchesTextbookMean(int period)
    {
        var expected = TextbookIndicators.Sma(Closes, period);
        var sma = new SimpleMovingAverage(period);
        for (var i = 0; i < Closes.Count; i++)
        {
            sma.Update(Closes[i]);
            Assert.Equal(expected[i] is not null, sma.IsReady);
            if (expected[i] is { } e) AssertClose(e, sma.Current, 0.0000001m, $"SMA({period})[{i}]");
        }
    }

    [Theory]
    [InlineData(12)]
    [InlineData(26)]
    public void Ema_MatchesTextbookRecursionSeededWithSma(int period)
    {
        var expected = TextbookIndicators.Ema(Closes, period);
        var ema = new ExponentialMovingAverage(period);
        for (var i = 0; i < Closes.Count; i++)
        {
            ema.Update(Closes[i]);
            Assert.Equal(expected[i] is not null, ema.IsReady);
            if (expected[i] is { } e) AssertClose(e, ema.Current, 0.000001m, $"EMA({period})[{i}]");
        }
    }

    [Fact]
    public void Rsi14_MatchesWilderSmoothing()
    {
        var expected = TextbookIndicators.RsiWilder(Closes, 14);
        var rsi = new RelativeStrengthIndex(14);
        for (var i = 0; i < Closes.Count; i++)
        {
            rsi.Update(Closes[i]);
            Assert.Equal(expected[i] is not null, rsi.IsReady);
            if (expected[i] is { } e)
            {
                AssertClose(e, rsi.Current, 0.000001m, $"RSI[{i}]");
                Assert.InRange(rsi.Current, 0m, 100m);
            }
        }
    }

    [Fact]
    public void Macd_12_26_9_MatchesEmaDifferenceAndSignal()
    {
        var (macd, signal) = TextbookIndicators.Macd(Closes, 12, 26, 9);
        var m = new MovingAverageConvergenceDivergence();
        for (var i = 0; i < Closes.Count; i++)
        {
            m.Update(Closes[i]);
            Assert.Equal(signal[i] is not null, m.IsReady);
            if (macd[i] is { } e) AssertClose(e, m.Current, 0.000001m, $"MACD[{i}]");
            if (signal[i] is { } s)
            {
                AssertClose(s, m.Signal.Current, 0.000001m, $"signal[{i}]");
                AssertClose(m.Current - s, m.Histogram, 0.000001m, $"histogram[{i}]");
            }
        }
    }

    [Fact]
    public void Bollinger_20_2_MatchesPopulationStdDevBands()
    {
        var expected = TextbookIndicators.Bollinger(Closes, 20, 2);
        var bb = new BollingerBands(20, 2m);
        for (var i = 0; i < Closes.Count; i++)
        {
            bb.Update(Closes[i]);
            Assert.Equal(expected[i].Upper is not null, bb.IsReady);
            if (expected[i].Upper is { } up)
            {
                Assert.InRange((double)bb.Upper, up - 1e-6, up + 1e-6);
                Assert.InRange((double)bb.Lower, expected[i].Lower!.Value - 1e-6, expected[i].Lower!.Value + 1e-6);
            }
        }
    }

    [Fact]
    public void Atr14_MatchesWilderTrueRangeAverage()
    {
        var expected = TextbookIndicators.AtrWilder(Bars, 14);
        var atr = new AverageTrueRange(14);
        for (var i = 0; i < Bars.Count; i++)
        {
            atr.Update(Bars[i]);
            Assert.Equal(expected[i] is not null, atr.IsReady);
            if (expected[i] is { } e) AssertClose(e, atr.Current, 0.000001m, $"ATR[{i}]");
        }
    }

    [Fact]
    public void Obv_AddsUpVolumeAndSubtractsDownVolume()
    {
        var expected = TextbookIndicators.Obv(Bars);
        var obv = new OnBalanceVolume();
        for (var i = 0; i < Bars.Count; i++) Assert.Equal(expected[i], obv.Update(Bars[i]));
    }
}
