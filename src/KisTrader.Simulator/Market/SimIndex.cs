using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>
/// The simulator's KOSPI and KOSDAQ indexes (KIS codes "0001", "1001"), derived from its own instruments so the two can
/// never disagree: an equal-weighted chain of the day's price relatives of the market's instruments. On each day the
/// index's open, high, low and close are the previous close times the mean of each instrument's open, high, low and close
/// over its own previous close (instruments without a previous close that day are left out); the first day is the base
/// level. Volume and traded value are the instruments' sums. Points rounded to two decimals, as KIS quotes them.
/// </summary>
public static class SimIndex
{
    public const string KospiCode = "0001";
    public const string KosdaqCode = "1001";

    /// <summary>The market of an index code, or null for any other code.</summary>
    public static KrxMarket? MarketOf(string code) => code switch
    {
        KospiCode => KrxMarket.Kospi,
        KosdaqCode => KrxMarket.Kosdaq,
        _ => null,
    };

    public static string Name(KrxMarket market) => market == KrxMarket.Kospi ? "종합" : "코스닥";

    /// <summary>The level of the first day: KOSPI 2,500, KOSDAQ 800 (about where they have traded).</summary>
    public static decimal BaseLevel(KrxMarket market) => market == KrxMarket.Kospi ? 2500m : 800m;

    /// <summary>The index's daily bars, oldest first, from each instrument's daily bars (each oldest first).</summary>
    public static IReadOnlyList<DailyBar> Series(IEnumerable<IReadOnlyList<DailyBar>> instruments, decimal baseLevel)
    {
        var series = instruments.ToList();
        var byDate = new SortedDictionary<DateOnly, List<(DailyBar Bar, decimal? PrevClose)>>();
        foreach (var bars in series)
            for (var k = 0; k < bars.Count; k++)
            {
                if (!byDate.TryGetValue(bars[k].Date, out var list)) byDate[bars[k].Date] = list = [];
                list.Add((bars[k], k > 0 ? bars[k - 1].Close : null));
            }
        var result = new List<DailyBar>(byDate.Count);
        var level = baseLevel;
        foreach (var (date, day) in byDate)
        {
            var volume = day.Sum(d => d.Bar.Volume);
            var amount = day.Sum(d => d.Bar.Amount);
            var chained = day.Where(d => d.PrevClose is > 0).ToList();
            if (result.Count == 0 || chained.Count == 0)
            {
                result.Add(new DailyBar(date, Round(level), Round(level), Round(level), Round(level), volume, amount));
                continue;
            }
            decimal Mean(Func<DailyBar, decimal> price) => chained.Average(d => price(d.Bar) / d.PrevClose!.Value);
            var open = level * Mean(b => b.Open);
            var close = level * Mean(b => b.Close);
            var high = Math.Max(level * Mean(b => b.High), Math.Max(open, close));
            var low = Math.Min(level * Mean(b => b.Low), Math.Min(open, close));
            result.Add(new DailyBar(date, Round(open), Round(high), Round(low), Round(close), volume, amount));
            level = close;
        }
        return result;
    }

    private static decimal Round(decimal v) => Math.Round(v, 2, MidpointRounding.AwayFromZero);
}
