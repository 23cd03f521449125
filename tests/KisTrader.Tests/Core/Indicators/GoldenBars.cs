using System.Globalization;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Indicators;

/// <summary>Reads the bar series under Golden/ (layout: date or KST time, open, high, low, close, volume).</summary>
internal static class GoldenBars
{
    public static string PathOf(string file) => Path.Combine(AppContext.BaseDirectory, "Core", "Indicators", "Golden", file);

    public static IReadOnlyList<Bar> Load(string file = "daily_bars.csv") =>
        File.ReadAllLines(PathOf(file)).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            var time = f[0].Length == 10
                ? new DateTimeOffset(DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture).ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9))
                : DateTimeOffset.Parse(f[0], CultureInfo.InvariantCulture);
            decimal D(int i) => decimal.Parse(f[i], CultureInfo.InvariantCulture);
            return new Bar(time, D(1), D(2), D(3), D(4), long.Parse(f[5], CultureInfo.InvariantCulture), 0m);
        }).ToList();
}
