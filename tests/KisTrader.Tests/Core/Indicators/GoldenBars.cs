using System.Globalization;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Indicators;

/// <summary>Reads Golden/daily_bars.csv (80 deterministic daily bars).</summary>
internal static class GoldenBars
{
    public static IReadOnlyList<Bar> Load()
    {
        var path = Path.Combine(AppContext.BaseDirectory, "Core", "Indicators", "Golden", "daily_bars.csv");
        return File.ReadAllLines(path).Skip(1).Where(l => l.Length > 0).Select(line =>
        {
            var f = line.Split(',');
            var date = DateOnly.ParseExact(f[0], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            var time = new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), TimeSpan.FromHours(9));
            decimal D(int i) => decimal.Parse(f[i], CultureInfo.InvariantCulture);
            return new Bar(time, D(1), D(2), D(3), D(4), long.Parse(f[5], CultureInfo.InvariantCulture), 0m);
        }).ToList();
    }
}
