using System.Globalization;
using KisTrader.Simulator.Market;

namespace KisTrader.Simulator.Rest;

/// <summary>Daily bars folded into weeks, months or years; each period is dated by its last trading day.</summary>
internal static class BarAggregation
{
    public static List<DailyBar> Aggregate(IReadOnlyList<DailyBar> daily, string period) => period switch
    {
        "W" => Fold(daily, d => d.DayNumber - ((int)d.DayOfWeek + 6) % 7), // Monday of the week
        "M" => Fold(daily, d => d.Year * 100 + d.Month),
        "Y" => Fold(daily, d => d.Year),
        _ => [.. daily],
    };

    private static List<DailyBar> Fold(IReadOnlyList<DailyBar> daily, Func<DateOnly, int> key) =>
        [.. daily.GroupBy(b => key(b.Date)).Select(g =>
        {
            var bars = g.OrderBy(b => b.Date).ToList();
            return new DailyBar(bars[^1].Date, bars[0].Open, bars.Max(b => b.High), bars.Min(b => b.Low), bars[^1].Close,
                bars.Sum(b => b.Volume), bars.Sum(b => b.Amount));
        })];

    public static bool TryParseDate(string s, out DateOnly date) =>
        DateOnly.TryParseExact(s, "yyyyMMdd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>A range's first date: a yyyyMMdd date, or year 0000 (clients send 00000101) for "from the earliest bar".</summary>
    public static bool TryParseStartDate(string s, out DateOnly date)
    {
        if (s.Length == 8 && s.StartsWith("0000", StringComparison.Ordinal) && s.All(char.IsAsciiDigit))
        {
            date = DateOnly.MinValue;
            return true;
        }
        return TryParseDate(s, out date);
    }
}
