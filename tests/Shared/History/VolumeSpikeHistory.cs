using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Testing.History;

/// <summary>
/// Seeded daily bars with a pattern a label can learn: on about 8% of sessions volume spikes fourfold and the next five
/// sessions drift up 1.2% a day (otherwise −0.2%), with ±1.5% noise; plus the KOSPI index (±1% a day). Deterministic
/// for a seed. Shared by the tests that train a model through the app (the train command, the live ML signal).
/// </summary>
public static class VolumeSpikeHistory
{
    /// <param name="days">The sessions, oldest first.</param>
    /// <param name="firstClose">The close before the first session for the k-th ticker (it may draw from the seeded
    /// random, which then continues from there).</param>
    public static List<HistoryBar> Daily(IReadOnlyList<DateOnly> days, IReadOnlyList<string> tickers, int seed,
        Func<int, Random, double> firstClose, DateTimeOffset collected)
    {
        var random = new Random(seed);
        var rows = new List<HistoryBar>();
        var index = 2500.0;
        foreach (var day in days)
        {
            var open = index;
            index *= 1 + (random.NextDouble() - 0.5) * 0.02;
            rows.Add(HistoryBar.Daily(MarketIndexes.Kospi, day, Math.Round((decimal)open, 2), Math.Round((decimal)Math.Max(open, index) * 1.002m, 2),
                Math.Round((decimal)Math.Min(open, index) * 0.998m, 2), Math.Round((decimal)index, 2), 1_000_000, 0, "test", collected));
        }
        for (var k = 0; k < tickers.Count; k++)
        {
            var close = firstClose(k, random);
            var lift = 0;
            foreach (var day in days)
            {
                var spike = random.NextDouble() < 0.08;
                var drift = lift-- > 0 ? 0.012 : -0.002;
                var open = close * (1 + (random.NextDouble() - 0.5) * 0.006);
                var next = open * (1 + drift + (random.NextDouble() - 0.5) * 0.03);
                var (o, c) = (Math.Round((decimal)open, 0), Math.Round((decimal)next, 0));
                rows.Add(HistoryBar.Daily(tickers[k], day, o, Math.Max(o, c) + 50, Math.Min(o, c) - 50, c, spike ? 800_000 : 200_000, c * 200_000, "test", collected));
                close = next;
                if (spike) lift = 5;
            }
        }
        return rows;
    }

    /// <summary>The first <paramref name="count"/> KRX sessions from <paramref name="first"/> on.</summary>
    public static List<DateOnly> SessionsFrom(DateOnly first, int count)
    {
        var calendar = new KrxCalendar();
        var days = new List<DateOnly>();
        for (var d = first; days.Count < count; d = d.AddDays(1))
            if (calendar.IsTradingDay(d)) days.Add(d);
        return days;
    }

    /// <summary>The last <paramref name="count"/> KRX sessions at or before <paramref name="last"/>, oldest first.</summary>
    public static List<DateOnly> SessionsUntil(DateOnly last, int count)
    {
        var calendar = new KrxCalendar();
        var days = new List<DateOnly>();
        for (var d = last; days.Count < count; d = d.AddDays(-1))
            if (calendar.IsTradingDay(d)) days.Add(d);
        days.Reverse();
        return days;
    }
}
