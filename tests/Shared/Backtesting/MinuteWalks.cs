using System.Globalization;
using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Testing.Backtesting;

/// <summary>Seeded random-walk minute bars for minute-resolution backtests (tests and the benchmark): per instrument and
/// trading day (by the product's KRX calendar) 390 bars from 09:00 to 15:29 KST on the tick grid, each minute a move of
/// up to ±0.15% of an off-grid walk (each bar floored to the grid) with a small per-instrument drift, volume 500–5,000 shares times a per-day factor of 0.5–3.5 (traded value left 0: the typical price
/// stands in). Same seed, same bars.</summary>
public static class MinuteWalks
{
    public const int MinutesPerSession = 390;

    public static (Dictionary<string, IReadOnlyList<Bar>> Bars, List<DateOnly> Dates) Generate(int instruments, int sessions, DateOnly first, int seed = 16)
    {
        var calendar = new KrxCalendar();
        var dates = new List<DateOnly>();
        for (var d = first; dates.Count < sessions; d = d.AddDays(1))
            if (calendar.IsTradingDay(d)) dates.Add(d);
        var random = new Random(seed);
        var bars = new Dictionary<string, IReadOnlyList<Bar>>(StringComparer.Ordinal);
        for (var t = 0; t < instruments; t++)
        {
            var ticker = (200_000 + t * 10).ToString("D6", CultureInfo.InvariantCulture);
            var price = 20_000m + 5_000m * t;
            var start = price;
            var drift = (t % 5 - 2) * 0.00002;
            var list = new List<Bar>(sessions * MinutesPerSession);
            foreach (var day in dates)
            {
                var open = KrxCalendar.OpenOn(day);
                // Beyond a quarter or four times its start the drift turns back, so a year stays within a sane range.
                var pull = price > start * 4m ? -0.0002 : price < start / 4m ? 0.0002 : drift;
                // Some days trade much more than others (a volume surge is one of the rules engine's signals).
                var dayVolume = 0.5 + random.NextDouble() * random.NextDouble() * 3;
                for (var m = 0; m < MinutesPerSession; m++)
                {
                    decimal Grid(decimal p) => KrxRules.FloorToTick(Math.Max(1_000m, p), date: day);
                    // The walk itself stays off the grid: flooring each close and walking on from it made every
                    // move smaller than a tick a fall, so prices could only go down.
                    var next = price * (1m + (decimal)((random.NextDouble() - 0.5) * 0.003 + pull));
                    var o = Grid(price);
                    var c = Grid(next);
                    var h = Grid(Math.Max(o, c) * (1m + (decimal)(random.NextDouble() * 0.001)));
                    var l = Grid(Math.Min(o, c) * (1m - (decimal)(random.NextDouble() * 0.001)));
                    h = Math.Max(h, Math.Max(o, c));
                    l = Math.Min(l, Math.Min(o, c));
                    list.Add(new Bar(open.AddMinutes(m).ToOffset(KoreaTime.Offset), o, h, l, c, (long)((500 + random.Next(4_500)) * dayVolume), 0m));
                    price = next;
                }
            }
            bars[ticker] = list;
        }
        return (bars, dates);
    }

    /// <summary>The same bars as stored rows (what <c>collect</c> or an import would have stored).</summary>
    public static List<HistoryBar> Rows(IReadOnlyDictionary<string, IReadOnlyList<Bar>> bars) =>
        [.. bars.SelectMany(kv => kv.Value.Select(b => HistoryBar.OneMinute(kv.Key, b.Time, b.Open, b.High, b.Low, b.Close, b.Volume, b.TradeValue,
            "synthetic", b.Time.AddDays(1))))];
}
