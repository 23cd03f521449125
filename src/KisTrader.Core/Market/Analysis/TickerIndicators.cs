using KisTrader.Core.Indicators;

namespace KisTrader.Core.Market.Analysis;

/// <summary>Computes the per-ticker indicator set from completed daily bars plus today's live bar. Only indicators that
/// are warmed up are included: a missing key means "not enough history", never a made-up value.</summary>
public static class TickerIndicators
{
    public static Dictionary<string, decimal> Compute(IReadOnlyList<Bar> history, Bar today)
    {
        var series = history.Append(today).ToList();
        var result = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var rsi = new RelativeStrengthIndex(14);
        var sma20 = new SimpleMovingAverage(20);
        var sma60 = new SimpleMovingAverage(60);
        var ema12 = new ExponentialMovingAverage(12);
        var ema26 = new ExponentialMovingAverage(26);
        var macd = new MovingAverageConvergenceDivergence();
        var bb = new BollingerBands(20, 2m);
        var atr = new AverageTrueRange(14);
        foreach (var bar in series)
        {
            foreach (var ind in new ValueIndicator[] { rsi, sma20, sma60, ema12, ema26, macd, bb }) ind.Update(bar.Close);
            atr.Update(bar);
        }
        void Put(string key, IIndicator ind, decimal value)
        {
            if (ind.IsReady) result[key] = Math.Round(value, 2);
        }
        Put("rsi14", rsi, rsi.Current);
        Put("sma20", sma20, sma20.Current);
        Put("sma60", sma60, sma60.Current);
        Put("ema12", ema12, ema12.Current);
        Put("ema26", ema26, ema26.Current);
        Put("macd", macd, macd.Current);
        Put("macd_signal", macd, macd.Signal.Current);
        Put("bb_upper", bb, bb.Upper);
        Put("bb_lower", bb, bb.Lower);
        Put("atr14", atr, atr.Current);
        var price = today.Close;
        if (history.Count >= 5 && history[^5].Close > 0)
            result["return_5d_pct"] = Math.Round((price / history[^5].Close - 1m) * 100m, 2);
        if (history.Count >= 20 && history[^20].Close > 0)
            result["return_20d_pct"] = Math.Round((price / history[^20].Close - 1m) * 100m, 2);
        if (history.Count >= 20)
        {
            var last20 = history.TakeLast(20).ToList();
            result["high_20d"] = last20.Max(b => b.High);
            result["avg_volume_20d"] = Math.Round((decimal)last20.Average(b => b.Volume), 0);
        }
        return result;
    }
}
