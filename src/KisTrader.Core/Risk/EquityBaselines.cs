using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Risk;

/// <summary>The equity marks loss limits are measured from: the day's first mark (recorded now if the day has none)
/// and the first mark of the week (Monday start, KST).</summary>
public static class EquityBaselines
{
    public static async Task<(decimal DayStart, decimal WeekStart)> ReadAsync(IEquityMarks marks, DateTimeOffset now, decimal equity, CancellationToken ct)
    {
        var today = DateOnly.FromDateTime(now.ToKst().DateTime);
        var dayStart = await marks.MarkAsync(today, equity, ct);
        var week = await marks.ListAsync(WeekStart(today), today, ct);
        return (dayStart, week.Count > 0 ? week[0].Equity : dayStart);
    }

    public static DateOnly WeekStart(DateOnly day) => day.AddDays(-(((int)day.DayOfWeek + 6) % 7));
}
