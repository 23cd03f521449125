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

        if (n >= 15) result.AddDeferred("rsi14", r => r.Resolve("rsi14", Math.Round(Rsi14(window), 2)));
        if (n >= 20) result.Add("sma20", Math.Round(Sma(window, 20, prefix), 2));
        if (n >= 60) result.Add("sma60", Math.Round(Sma(window, 60, prefix), 2));
        Action<DeferredIndicators> averages = r => Averages(window, r);
        if (n >= 12) result.AddDeferred("ema12", averages);
        if (n >= 26) result.AddDeferred("ema26", averages);
        if (n >= 34)
        {
            result.AddDeferred("macd", averages);
            result.AddDeferred("macd_signal", averages);
        }
        if (n >= 20)
        {
            var (upper, lower) = Bands(window);
            result.Add("bb_upper", Math.Round(upper, 2));
            result.Add("bb_lower", Math.Round(lower, 2));
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
            var last20 = new ArraySegment<Bar>(bars, end - 20, 20);
            result.Add("high_20d", last20.Max(b => b.High));
            var average = Math.Round((decimal)last20.Average(b => b.Volume), 0);
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
    }

    private Prefix PrefixOf(string ticker, Bar[] bars)
    {
        if (_prefix.TryGetValue(ticker, out var p)) return p;
        var closes = new long[bars.Length + 1];
        var obv = new long[bars.Length];
        var whole = true;
        for (var i = 0; i < bars.Length; i++)
        {
            var c = bars[i].Close;
            whole &= IsWhole(c);
            if (whole) closes[i + 1] = closes[i] + (long)c;
            if (i > 0) obv[i] = obv[i - 1] + Direction(c, bars[i - 1].Close) * bars[i].Volume;
        }
        return _prefix[ticker] = new Prefix { Closes = whole ? closes : null, Obv = obv };
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
