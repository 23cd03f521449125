using System.Globalization;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Backtesting;

/// <summary>Daily bars from the documented CSV layout (code,date,open,high,low,close,volume; a header row; KRW
/// integers), for hand-made fixtures.</summary>
internal static class BarFixture
{
    /// <summary>2025's year-end closing day and Christmas are not in the default (2026–2027) holiday list.</summary>
    public static readonly KrxCalendar Calendar = new([new DateOnly(2025, 12, 25), new DateOnly(2025, 12, 31), .. KrxCalendar.DefaultHolidays]);

    public static Dictionary<string, IReadOnlyList<Bar>> Parse(string csv)
    {
        var rows = csv.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        Assert.Equal("code,date,open,high,low,close,volume", rows[0]);
        var bars = new Dictionary<string, List<Bar>>(StringComparer.Ordinal);
        foreach (var row in rows.Skip(1))
        {
            var f = row.Split(',');
            var date = DateOnly.ParseExact(f[1], "yyyy-MM-dd", CultureInfo.InvariantCulture);
            decimal P(int i) => decimal.Parse(f[i], CultureInfo.InvariantCulture);
            var volume = long.Parse(f[6], CultureInfo.InvariantCulture);
            if (!bars.TryGetValue(f[0], out var list)) bars[f[0]] = list = [];
            list.Add(new Bar(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), P(2), P(3), P(4), P(5), volume, P(5) * volume));
        }
        return bars.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Bar>)kv.Value, StringComparer.Ordinal);
    }

    public static BarHistory History(string csv, params BacktestInstrument[] instruments) => new(Parse(csv), instruments);

    public static DateTimeOffset Kst(int year, int month, int day, int hour, int minute = 0) => new(year, month, day, hour, minute, 0, KoreaTime.Offset);
}
