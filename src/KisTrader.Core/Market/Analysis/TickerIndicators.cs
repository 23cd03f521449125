using KisTrader.Core.Indicators;

namespace KisTrader.Core.Market.Analysis;

/// <summary>Computes the per-ticker indicator set from completed daily bars plus today's live bar. Only indicators that
/// are warmed up are included: a missing key means "not enough history", never a made-up value.</summary>
public static class TickerIndicators
{
    /// <param name="history">Completed daily bars, oldest first, none of today.</param>
    /// <param name="today">Today's bar so far; its <see cref="Bar.TradeValue"/> is the session's traded value when known
    /// (0 when not).</param>
    /// <param name="todayMinuteBars">Today's one-minute bars, when the caller has them (for VWAP without a traded value).</param>
    public static Dictionary<string, decimal> Compute(IReadOnlyList<Bar> history, Bar today, IReadOnlyList<Bar>? todayMinuteBars = null)
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
        var obv = new OnBalanceVolume();
        foreach (var bar in series)
        {
            foreach (var ind in new ValueIndicator[] { rsi, sma20, sma60, ema12, ema26, macd, bb }) ind.Update(bar.Close);
            atr.Update(bar);
            obv.Update(bar);
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
        // Signed daily volume summed over the loaded history and today so far: its level depends on where the history
        // starts, its direction against the price's is what it says.
        Put("obv", obv, obv.Current);
        if (SessionVwap(today, todayMinuteBars) is { } vwap) result["vwap"] = Math.Round(vwap, 2);
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
            // The last completed session's volume against that average: thin or heavy trading, known at the open already.
            if (result["avg_volume_20d"] > 0) result["prev_volume_ratio"] = Math.Round(history[^1].Volume / result["avg_volume_20d"], 2);
        }
        // The last completed session's move (today's change_pct is only the gap at the open).
        if (history.Count >= 2 && history[^2].Close > 0)
            result["prev_change_pct"] = Math.Round((history[^1].Close / history[^2].Close - 1m) * 100m, 2);
        return result;
    }

    /// <summary>Today's session VWAP. The traded value over the volume is exact (Σ price × quantity of every trade: KIS
    /// reports both running totals with each tick and in the quote); without it, the typical-price VWAP of today's minute
    /// bars. Null before the first trade, or when the result falls outside the day's range (totals that disagree with
    /// the prices, e.g. a value in other units, are not used).</summary>
    public static decimal? SessionVwap(Bar today, IReadOnlyList<Bar>? todayMinuteBars = null)
    {
        ArgumentNullException.ThrowIfNull(today);
        decimal? vwap = null;
        if (today.TradeValue > 0 && today.Volume > 0)
            vwap = today.TradeValue / today.Volume;
        else if (todayMinuteBars is not null)
        {
            var indicator = new VolumeWeightedAveragePrice();
            var traded = 0L;
            foreach (var bar in todayMinuteBars.Where(b => b.Date == today.Date).OrderBy(b => b.Time))
            {
                indicator.Update(bar);
                traded += bar.Volume;
            }
            if (traded > 0) vwap = indicator.Current;
        }
        return vwap is { } v && v >= today.Low && v <= today.High ? v : null;
    }
}
