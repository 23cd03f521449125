using KisTrader.Core.Indicators;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// The backtest's indicator source for <see cref="MarketAnalyzer"/>: the very values <see cref="TickerIndicators.Compute"/>
/// gives live (over the daily bars of the last <c>calendarDays</c> before today, as <see cref="DailyHistoryCache"/>
/// loads them, plus today's bar), read from the <see cref="BarHistory"/> the backtest already holds instead of copied out
/// and recomputed from scratch at every session. What depends only on the last few bars (SMA, Bollinger bands, OBV,
/// returns, the 20-day high and volume) comes from per-instrument prefix sums or the last 20 bars; what depends on where
/// the window starts (RSI, EMA, MACD, ATR: their smoothing is seeded at the window's first bar) is replayed over the
/// window, and only when the decision reads it (<see cref="DeferredIndicators"/>). Same arithmetic in the same order
/// as the live indicator classes, so the decimals are identical, scale included (a test compares both on every session).
/// </summary>
public sealed class BarHistoryIndicators(BarHistory history, int calendarDays = 150) : ITickerIndicatorSource
{
    private readonly Dictionary<string, Prefix> _prefix = new(StringComparer.Ordinal);

    public Task<IDictionary<string, decimal>> ComputeAsync(string ticker, DateOnly today, Bar todayBar, CancellationToken ct) =>
        Task.FromResult<IDictionary<string, decimal>>(Compute(ticker, today, todayBar));

    public DeferredIndicators Compute(string ticker, DateOnly today, Bar todayBar)
    {
        ArgumentNullException.ThrowIfNull(todayBar);
        // An unknown ticker has no history, as the live fetch that fails.
        var (bars, start, end) = history.Contains(ticker) ? history.DaysBefore(ticker, today.AddDays(-calendarDays), today) : ([], 0, 0);
        var window = new Window(bars, start, end, todayBar);
        var n = window.Count;
        var result = new DeferredIndicators();
        var prefix = history.Contains(ticker) ? PrefixOf(ticker, bars) : null;

        var closes = prefix?.CloseValues;
        if (n >= 15) result.AddDeferred("rsi14", r => r.Resolve("rsi14", Rsi14Rounded(window, closes)));
        if (n >= 20) result.Add("sma20", Math.Round(Sma(window, 20, prefix), 2));
        if (n >= 60) result.Add("sma60", Math.Round(Sma(window, 60, prefix), 2));
        Action<DeferredIndicators> averages = r => AveragesRounded(window, closes, r);
        if (n >= 12) result.AddDeferred("ema12", averages);
        if (n >= 26) result.AddDeferred("ema26", averages);
        if (n >= 34)
        {
            result.AddDeferred("macd", averages);
            result.AddDeferred("macd_signal", averages);
        }
        if (n >= 20)
        {
            var (upper, lower) = BandsRounded(window, closes);
            result.Add("bb_upper", upper);
            result.Add("bb_lower", lower);
        }
        if (n >= 15) result.AddDeferred("atr14", r => r.Resolve("atr14", Math.Round(Atr14(window), 2)));
        if (n >= 2) result.Add("obv", Math.Round(Obv(window, prefix!), 2));
        if (TickerIndicators.SessionVwap(todayBar) is { } vwap) result.Add("vwap", Math.Round(vwap, 2));
        var price = todayBar.Close;
        var h = end - start;
        if (h >= 5 && bars[end - 5].Close > 0)
            result.Add("return_5d_pct", Math.Round((price / bars[end - 5].Close - 1m) * 100m, 2));
        if (h >= 20 && bars[end - 20].Close > 0)
            result.Add("return_20d_pct", Math.Round((price / bars[end - 20].Close - 1m) * 100m, 2));
        if (h >= 20)
        {
            // As Enumerable.Max and Average over the last 20 bars (the first of equal highs kept; the long sum over a double).
            var high = bars[end - 20].High;
            var volumes = 0L;
            for (var i = end - 20; i < end; i++)
            {
                if (bars[i].High > high) high = bars[i].High;
                volumes = checked(volumes + bars[i].Volume);
            }
            result.Add("high_20d", high);
            var average = Math.Round((decimal)((double)volumes / 20), 0);
            result.Add("avg_volume_20d", average);
            // As live (TickerIndicators): the last completed session's volume against that average.
            if (average > 0) result.Add("prev_volume_ratio", Math.Round(bars[end - 1].Volume / average, 2));
        }
        // As live: the last completed session's move.
        if (h >= 2 && bars[end - 2].Close > 0)
            result.Add("prev_change_pct", Math.Round((bars[end - 1].Close / bars[end - 2].Close - 1m) * 100m, 2));
        return result;
    }

    /// <summary>The bars the live analysis would hold (Start..End) and today's bar after them: its series.</summary>
    private readonly record struct Window(Bar[] Bars, int Start, int End, Bar Today)
    {
        public int Count => End - Start + 1;
        public Bar this[int i] => i < End - Start ? Bars[Start + i] : Today;
    }

    /// <summary>Per instrument, over all its bars: running sums of closes (when every close is a whole number, so the
    /// sums are exact in a long and equal the live indicator's decimal sum, scale 0) and of OBV's signed volumes.</summary>
    private sealed class Prefix
    {
        public required long[]? Closes { get; init; }
        public required long[] Obv { get; init; }
        /// <summary>Each close as a double, for <see cref="RoundedReplay"/>.</summary>
        public required double[] CloseValues { get; init; }
    }

    private Prefix PrefixOf(string ticker, Bar[] bars)
    {
        if (_prefix.TryGetValue(ticker, out var p)) return p;
        var closes = new long[bars.Length + 1];
        var obv = new long[bars.Length];
        var values = new double[bars.Length];
        var whole = true;
        for (var i = 0; i < bars.Length; i++)
        {
            var c = bars[i].Close;
            values[i] = (double)c;
            whole &= IsWhole(c);
            if (whole) closes[i + 1] = closes[i] + (long)c;
            if (i > 0) obv[i] = obv[i - 1] + Direction(c, bars[i - 1].Close) * bars[i].Volume;
        }
        return _prefix[ticker] = new Prefix { Closes = whole ? closes : null, Obv = obv, CloseValues = values };
    }

    private static bool IsWhole(decimal d) => d.Scale == 0 && d is >= -1_000_000_000_000m and <= 1_000_000_000_000m;

    private static int Direction(decimal close, decimal previous) => close > previous ? 1 : close < previous ? -1 : 0;

    /// <summary>SimpleMovingAverage's running sum over the series, divided once at the end.</summary>
    private static decimal Sma(Window w, int period, Prefix? prefix)
    {
        var n = w.Count;
        var today = w.Today.Close;
        if (prefix?.Closes is { } closes && IsWhole(today))
        {
            // The window's last period − 1 stored closes and today's: whole numbers, so the sum is exact either way.
            var first = w.End - (period - 1);
            return (closes[w.End] - closes[first] + (long)today) / (decimal)period;
        }
        var sum = 0m;
        for (var i = 0; i < n; i++)
        {
            sum += w[i].Close;
            if (i >= period) sum -= w[i - period].Close;
        }
        return sum / Math.Min(n, period);
    }

    /// <summary>BollingerBands(20, 2) after the series: its window is the last 20 closes (mean and population deviation
    /// computed as the class does).</summary>
    private static (decimal Upper, decimal Lower) Bands(Window w)
    {
        const int period = 20;
        var from = w.Count - period;
        var sum = 0m;
        for (var i = from; i < w.Count; i++) sum += w[i].Close;
        var mean = sum / period;
        var variance = 0m;
        for (var i = from; i < w.Count; i++) variance += (w[i].Close - mean) * (w[i].Close - mean);
        var deviation = DecimalMath.Sqrt(variance / period);
        var k = 2m;
        return (mean + k * deviation, mean - k * deviation);
    }

    private static decimal Obv(Window w, Prefix prefix)
    {
        // Zero at the window's first bar, then the signed volume of each later one.
        var obv = w.End > w.Start ? prefix.Obv[w.End - 1] - prefix.Obv[w.Start] : 0L;
        if (w.End > w.Start) obv += Direction(w.Today.Close, w.Bars[w.End - 1].Close) * w.Today.Volume;
        return obv;
    }

    /// <summary>The window's i-th close as a double (stored closes precomputed, today's converted here).</summary>
    private static double CloseValue(Window w, double[] closes, int i) => i < w.End - w.Start ? closes[w.Start + i] : (double)w.Today.Close;

    /// <summary>Rsi14 rounded to two places: the double replay when it decides the rounding (<see cref="RoundedReplay"/>),
    /// else the decimal one.</summary>
    private static decimal Rsi14Rounded(Window w, double[]? closes)
    {
        if (closes is not null && Rsi14Fast(w, closes) is { } fast) return fast;
        return Math.Round(Rsi14(w), 2);
    }

    /// <summary><see cref="Rsi14"/>'s recurrence in double.</summary>
    private static decimal? Rsi14Fast(Window w, double[] closes)
    {
        const int period = 14;
        var previous = CloseValue(w, closes, 0);
        var magnitude = Math.Abs(previous);
        double gainSum = 0, lossSum = 0, averageGain = 0, averageLoss = 0;
        for (var i = 1; i < w.Count; i++)
        {
            var value = CloseValue(w, closes, i);
            magnitude = Math.Max(magnitude, Math.Abs(value));
            var change = value - previous;
            previous = value;
            var gain = change > 0 ? change : 0d;
            var loss = change < 0 ? -change : 0d;
            if (i < period)
            {
                gainSum += gain;
                lossSum += loss;
            }
            else if (i == period)
            {
                averageGain = (gainSum + gain) / period;
                averageLoss = (lossSum + loss) / period;
            }
            else
            {
                averageGain = (averageGain * (period - 1) + gain) / period;
                averageLoss = (averageLoss * (period - 1) + loss) / period;
            }
        }
        // No loss in the window: the decimal path's constants (50 or 100), not a ratio.
        if (averageLoss == 0d || averageGain + averageLoss <= 0d) return null;
        var rsi = 100d - 100d / (1d + averageGain / averageLoss);
        // The averages are off by about 1e-14 of the prices (not of the averages), so the RSI by that much over their sum.
        return RoundedReplay.Round2(rsi, 100d + 100d * magnitude / (averageGain + averageLoss));
    }

    /// <summary>EMA(12), EMA(26), MACD and its signal rounded to two places: all four from the double replay when it
    /// decides each of them, else the decimal classes'.</summary>
    private static void AveragesRounded(Window w, double[]? closes, DeferredIndicators result)
    {
        if (closes is not null && AveragesFast(w, closes) is { } fast)
        {
            result.Resolve("ema12", fast.Ema12);
            result.Resolve("ema26", fast.Ema26);
            result.Resolve("macd", fast.Macd);
            result.Resolve("macd_signal", fast.Signal);
            return;
        }
        Averages(w, result);
    }

    /// <summary>ExponentialMovingAverage and MovingAverageConvergenceDivergence's recurrences in double (seeded with the
    /// mean of the first period values; the signal fed MACD once the slow EMA has its period). Null when any value the
    /// window warms up (EMA12 from 12 bars, EMA26 from 26, MACD and signal from 34) cannot be decided in double.</summary>
    private static (decimal Ema12, decimal Ema26, decimal Macd, decimal Signal)? AveragesFast(Window w, double[] closes)
    {
        var n = w.Count;
        var fast = new DoubleEma(12);
        var slow = new DoubleEma(26);
        var signal = new DoubleEma(9);
        var macd = 0d;
        var magnitude = 0d;
        for (var i = 0; i < n; i++)
        {
            var close = CloseValue(w, closes, i);
            magnitude = Math.Max(magnitude, Math.Abs(close));
            fast.Update(close);
            slow.Update(close);
            macd = fast.Current - slow.Current;
            if (slow.Samples >= 26) signal.Update(macd);
        }
        decimal? e12 = RoundedReplay.Round2(fast.Current, magnitude), e26 = 0m, m = 0m, s = 0m;
        if (n >= 26) e26 = RoundedReplay.Round2(slow.Current, magnitude);
        if (n >= 34)
        {
            m = RoundedReplay.Round2(macd, magnitude);
            s = RoundedReplay.Round2(signal.Current, magnitude);
        }
        if (e12 is not { } a || e26 is not { } b || m is not { } c || s is not { } d) return null;
        return (a, b, c, d);
    }

    /// <summary>ExponentialMovingAverage's recurrence in double.</summary>
    private struct DoubleEma(int period)
    {
        private readonly double _k = 2d / (period + 1);
        private double _seedSum;
        public int Samples { get; private set; }
        public double Current { get; private set; }

        public void Update(double value)
        {
            Samples++;
            if (Samples <= period)
            {
                _seedSum += value;
                Current = _seedSum / Samples;
            }
            else Current += _k * (value - Current);
        }
    }

    /// <summary>Bollinger bands rounded to two places: the double computation when it decides both, else the decimal one.</summary>
    private static (decimal Upper, decimal Lower) BandsRounded(Window w, double[]? closes)
    {
        if (closes is not null)
        {
            const int period = 20;
            var from = w.Count - period;
            double sum = 0, magnitude = 0;
            for (var i = from; i < w.Count; i++)
            {
                var c = CloseValue(w, closes, i);
                sum += c;
                magnitude = Math.Max(magnitude, Math.Abs(c));
            }
            var mean = sum / period;
            var variance = 0d;
            for (var i = from; i < w.Count; i++)
            {
                var d = CloseValue(w, closes, i) - mean;
                variance += d * d;
            }
            var deviation = Math.Sqrt(variance / period);
            if (RoundedReplay.Round2(mean + 2d * deviation, magnitude) is { } u && RoundedReplay.Round2(mean - 2d * deviation, magnitude) is { } l)
                return (u, l);
        }
        var (upper, lower) = Bands(w);
        return (Math.Round(upper, 2), Math.Round(lower, 2));
    }

    /// <summary>RelativeStrengthIndex(14) over the series, step by step as the class computes it; the RSI itself only at
    /// the end (the class's intermediate values are overwritten).</summary>
    private static decimal Rsi14(Window w)
    {
        const int period = 14;
        var previous = w[0].Close;
        decimal gainSum = 0m, lossSum = 0m, averageGain = 0m, averageLoss = 0m;
        for (var i = 1; i < w.Count; i++)
        {
            var value = w[i].Close;
            var change = value - previous;
            previous = value;
            var gain = change > 0 ? change : 0m;
            var loss = change < 0 ? -change : 0m;
            if (i < period)
            {
                gainSum += gain;
                lossSum += loss;
            }
            else if (i == period)
            {
                averageGain = (gainSum + gain) / period;
                averageLoss = (lossSum + loss) / period;
            }
            else
            {
                averageGain = (averageGain * (period - 1) + gain) / period;
                averageLoss = (averageLoss * (period - 1) + loss) / period;
            }
        }
        if (averageLoss == 0m) return averageGain == 0m ? 50m : 100m;
        var rs = averageGain / averageLoss;
        return 100m - 100m / (1m + rs);
    }

    /// <summary>EMA(12), EMA(26) and MACD(12, 26, 9), the live classes fed the series.</summary>
    private static void Averages(Window w, DeferredIndicators result)
    {
        var ema12 = new ExponentialMovingAverage(12);
        var ema26 = new ExponentialMovingAverage(26);
        var macd = new MovingAverageConvergenceDivergence();
        for (var i = 0; i < w.Count; i++)
        {
            var close = w[i].Close;
            ema12.Update(close);
            ema26.Update(close);
            macd.Update(close);
        }
        result.Resolve("ema12", Math.Round(ema12.Current, 2));
        result.Resolve("ema26", Math.Round(ema26.Current, 2));
        result.Resolve("macd", Math.Round(macd.Current, 2));
        result.Resolve("macd_signal", Math.Round(macd.Signal.Current, 2));
    }

    private static decimal Atr14(Window w)
    {
        var atr = new AverageTrueRange(14);
        for (var i = 0; i < w.Count; i++) atr.Update(w[i]);
        return atr.Current;
    }
}
