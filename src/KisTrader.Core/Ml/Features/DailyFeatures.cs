using KisTrader.Core.Indicators;
using KisTrader.Core.Market;

namespace KisTrader.Core.Ml.Features;

/// <summary>
/// The daily feature set (<see cref="SchemaV1"/>): for the last session visible at the input's instant, scale-free
/// numbers from the instrument's daily bars, the index bars and the breadth. Indicators come from the product's
/// indicator classes (Core/Indicators), fed the last <see cref="IndicatorBars"/> bars, so every path that holds the same
/// visible bars gets the same values, whatever its history starts with. Anything needing more bars than are visible
/// is NaN.
/// </summary>
public sealed class DailyFeatures : IFeatureExtractor
{
    /// <summary>Bars the indicators are fed (about the live analysis's 150 calendar days).</summary>
    public const int IndicatorBars = 100;

    private const int BollingerPeriod = 20;

    /// <summary>Sessions in the 52-week range.</summary>
    public const int YearBars = 250;

    public static readonly FeatureSchema SchemaV1 = new("daily", 1,
    [
        "ret_1d", "ret_5d", "ret_20d", "ret_60d",
        "rsi14", "macd_pct", "macd_hist_pct", "dist_sma20", "dist_sma60", "bb_position", "bb_width", "atr14_pct", "obv_trend_20d",
        "volume_ratio_1d", "volume_ratio_5d", "volatility_20d", "volatility_60d", "gap", "range_pct",
        "dist_52w_high", "dist_52w_low",
        "kospi_ret_1d", "kospi_ret_5d", "kosdaq_ret_1d", "kosdaq_ret_5d", "excess_ret_5d", "breadth_1d", "breadth_5d",
        "day_of_week", "month", "day_of_month",
    ]);

    public FeatureSchema Schema => SchemaV1;

    public float[] Compute(FeatureInput input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var v = new float[SchemaV1.Count];
        Array.Fill(v, float.NaN);
        var bars = input.Bars;
        var n = bars.Count;
        if (n == 0) return v;
        var last = bars[n - 1];
        var close = (double)last.Close;

        v[0] = Return(bars, 1);
        v[1] = Return(bars, 5);
        v[2] = Return(bars, 20);
        v[3] = Return(bars, 60);
        Indicators(bars, v);
        v[13] = VolumeRatio(bars, 1);
        v[14] = VolumeRatio(bars, 5);
        v[15] = Volatility(bars, 20);
        v[16] = Volatility(bars, 60);
        if (n >= 2 && bars[n - 2].Close > 0) v[17] = (float)((double)last.Open / (double)bars[n - 2].Close - 1);
        if (close > 0) v[18] = (float)((double)(last.High - last.Low) / close);
        if (n >= YearBars)
        {
            decimal high = decimal.MinValue, low = decimal.MaxValue;
            for (var i = n - YearBars; i < n; i++)
            {
                high = Math.Max(high, bars[i].High);
                low = Math.Min(low, bars[i].Low);
            }
            if (high > 0) v[19] = (float)(close / (double)high - 1);
            if (low > 0) v[20] = (float)(close / (double)low - 1);
        }
        v[21] = Return(input.Kospi, 1);
        v[22] = Return(input.Kospi, 5);
        v[23] = Return(input.Kosdaq, 1);
        v[24] = Return(input.Kosdaq, 5);
        v[25] = v[1] - v[22]; // NaN when either is
        var breadth = input.Breadth;
        if (breadth.Count > 0) v[26] = (float)breadth[^1].UpShare;
        if (breadth.Count >= 5)
        {
            var sum = 0.0;
            for (var i = breadth.Count - 5; i < breadth.Count; i++) sum += breadth[i].UpShare;
            v[27] = (float)(sum / 5);
        }
        // The calendar of the session the row describes (its last visible bar), not of the instant asked about.
        var date = last.Date;
        v[28] = (int)date.DayOfWeek;
        v[29] = date.Month;
        v[30] = date.Day;
        return v;
    }

    /// <summary>Close over the close <paramref name="sessions"/> bars earlier, minus one.</summary>
    private static float Return(IReadOnlyList<Bar> bars, int sessions)
    {
        var n = bars.Count;
        if (n <= sessions || bars[n - 1 - sessions].Close <= 0) return float.NaN;
        return (float)((double)bars[n - 1].Close / (double)bars[n - 1 - sessions].Close - 1);
    }

    private static void Indicators(IReadOnlyList<Bar> bars, float[] v)
    {
        var rsi = new RelativeStrengthIndex(14);
        var sma20 = new SimpleMovingAverage(20);
        var sma60 = new SimpleMovingAverage(60);
        var macd = new MovingAverageConvergenceDivergence();
        var bb = new BollingerBands(BollingerPeriod, 2m);
        var atr = new AverageTrueRange(14);
        var obv = new OnBalanceVolume();
        var n = bars.Count;
        var start = Math.Max(0, n - IndicatorBars);
        decimal? obv20Ago = null;
        for (var i = start; i < n; i++)
        {
            var b = bars[i];
            rsi.Update(b.Close);
            sma20.Update(b.Close);
            sma60.Update(b.Close);
            macd.Update(b.Close);
            // Only the bands' last window is read, and each update re-sums its window from scratch: feeding just that
            // window gives the same values bit for bit and saves 80 sums of 20 decimals a row.
            if (i >= n - BollingerPeriod) bb.Update(b.Close);
            atr.Update(b);
            obv.Update(b);
            if (i == n - 21) obv20Ago = obv.Current;
        }
        var close = bars[n - 1].Close;
        if (close <= 0) return;
        var c = (double)close;
        if (rsi.IsReady) v[4] = (float)((double)rsi.Current / 100);
        if (macd.IsReady)
        {
            v[5] = (float)((double)macd.Current / c);
            v[6] = (float)((double)macd.Histogram / c);
        }
        if (sma20.IsReady && sma20.Current > 0) v[7] = (float)(c / (double)sma20.Current - 1);
        if (sma60.IsReady && sma60.Current > 0) v[8] = (float)(c / (double)sma60.Current - 1);
        if (bb.IsReady)
        {
            var width = bb.Upper - bb.Lower;
            if (width > 0) v[9] = (float)((double)(close - bb.Lower) / (double)width);
            if (bb.Current > 0) v[10] = (float)((double)width / (double)bb.Current);
        }
        if (atr.IsReady) v[11] = (float)((double)atr.Current / c);
        if (obv20Ago is { } before)
        {
            long volume = 0;
            for (var i = n - 20; i < n; i++) volume += bars[i].Volume;
            if (volume > 0) v[12] = (float)((double)(obv.Current - before) / volume);
        }
    }

    /// <summary>Mean volume of the last <paramref name="sessions"/> bars over the mean of the 20 bars before them.</summary>
    private static float VolumeRatio(IReadOnlyList<Bar> bars, int sessions)
    {
        var n = bars.Count;
        if (n < sessions + 20) return float.NaN;
        double recent = 0, before = 0;
        for (var i = n - sessions; i < n; i++) recent += bars[i].Volume;
        for (var i = n - sessions - 20; i < n - sessions; i++) before += bars[i].Volume;
        return before > 0 ? (float)(recent / sessions / (before / 20)) : float.NaN;
    }

    /// <summary>Sample standard deviation of the last <paramref name="sessions"/> daily log returns.</summary>
    private static float Volatility(IReadOnlyList<Bar> bars, int sessions)
    {
        var n = bars.Count;
        if (n <= sessions) return float.NaN;
        Span<double> r = stackalloc double[sessions];
        for (var k = 0; k < sessions; k++)
        {
            var i = n - sessions + k;
            if (bars[i - 1].Close <= 0 || bars[i].Close <= 0) return float.NaN;
            r[k] = Math.Log((double)bars[i].Close / (double)bars[i - 1].Close);
        }
        var mean = 0.0;
        foreach (var x in r) mean += x;
        mean /= sessions;
        var sum = 0.0;
        foreach (var x in r) sum += (x - mean) * (x - mean);
        return (float)Math.Sqrt(sum / (sessions - 1));
    }
}
