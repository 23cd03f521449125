namespace KisTrader.Core.Market;

/// <summary>KRX trading days: weekdays that are not exchange holidays. The default holiday list covers 2026 and
/// 2027 as published ahead of time (public holidays, substitute holidays, Labour Day and the year-end closing day);
/// lunar dates and election days move, so the list is configurable (Trading:Holidays) and must be checked each year.</summary>
public sealed class KrxCalendar
{
    public static readonly IReadOnlyList<DateOnly> DefaultHolidays =
    [
        // 2026
        new(2026, 1, 1), new(2026, 2, 16), new(2026, 2, 17), new(2026, 2, 18), new(2026, 3, 2), new(2026, 5, 1),
        new(2026, 5, 5), new(2026, 5, 25), new(2026, 6, 3), new(2026, 8, 17), new(2026, 9, 24), new(2026, 9, 25),
        new(2026, 10, 5), new(2026, 10, 9), new(2026, 12, 25), new(2026, 12, 31),
        // 2027
        new(2027, 1, 1), new(2027, 2, 8), new(2027, 2, 9), new(2027, 3, 1), new(2027, 5, 5), new(2027, 5, 13),
        new(2027, 8, 16), new(2027, 9, 14), new(2027, 9, 15), new(2027, 9, 16), new(2027, 10, 4), new(2027, 10, 11),
        new(2027, 12, 27), new(2027, 12, 31),
    ];

    private readonly HashSet<DateOnly> _holidays;

    public KrxCalendar(IEnumerable<DateOnly>? holidays = null) => _holidays = [.. holidays ?? DefaultHolidays];

    public bool IsTradingDay(DateOnly day) => day.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday) && !_holidays.Contains(day);

    public bool IsTradingDay(DateTimeOffset at) => IsTradingDay(DateOnly.FromDateTime(at.ToKst().DateTime));
}
