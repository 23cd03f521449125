using KisTrader.Core.Market;

namespace KisTrader.Data.Stores.Totals;

/// <summary>A period <c>[from, to)</c> cut into what each source answers for the totals: whole KST years from the year
/// table, the whole KST months around them from the month table, the whole KST days around those from the day table, and
/// the partial days at either end from <c>trades</c>. Ranges are half-open; an empty range has <c>Start == End</c>.</summary>
internal sealed record TradePeriodSplit(
    (DateTime From, DateTime To) HeadTrades, (DateTime From, DateTime To) TailTrades,
    (int From, int To) HeadDays, (int From, int To) TailDays,
    (int From, int To) HeadMonths, (int From, int To) TailMonths, (int From, int To) Years)
{
    // Trades are validated to lie between the years 2000 and 2200; beyond these bounds nothing can match.
    private static readonly DateTimeOffset Earliest = new(1990, 1, 1, 0, 0, 0, KoreaTime.Offset);
    private static readonly DateTimeOffset Latest = new(2300, 1, 1, 0, 0, 0, KoreaTime.Offset);

    /// <summary>Whether any whole day, month or year is in the period (the subtotal tables have something to say).</summary>
    public bool HasWholeDays => HeadDays.From != HeadDays.To || TailDays.From != TailDays.To
        || HeadMonths.From != HeadMonths.To || TailMonths.From != TailMonths.To || Years.From != Years.To;

    public static TradePeriodSplit Of(DateTimeOffset from, DateTimeOffset to)
    {
        if (from < Earliest) from = Earliest;
        if (to > Latest) to = Latest;
        if (to < from) to = from;
        // Each level's whole units lie inside the one below: whole days inside the period, whole months inside those days,
        // whole years inside those months. A level with no whole unit is the empty range at its parent's end.
        var days = Inner((from, to), KoreaTime.StartOfDay, d => d.AddDays(1));
        var months = Inner(days, MonthStart, m => m.AddMonths(1));
        var years = Inner(months, YearStart, y => y.AddYears(1));
        return new TradePeriodSplit(
            (from.UtcDateTime, days.Start.UtcDateTime), (days.End.UtcDateTime, to.UtcDateTime),
            (TradeBuckets.DayKey(days.Start), TradeBuckets.DayKey(months.Start)), (TradeBuckets.DayKey(months.End), TradeBuckets.DayKey(days.End)),
            (TradeBuckets.MonthKey(months.Start), TradeBuckets.MonthKey(years.Start)), (TradeBuckets.MonthKey(years.End), TradeBuckets.MonthKey(months.End)),
            (TradeBuckets.YearKey(years.Start), TradeBuckets.YearKey(years.End)));
    }

    /// <summary>The whole units inside <paramref name="outer"/>: from its start rounded up to a unit's start to its end
    /// rounded down; the empty range at <paramref name="outer"/>'s end when no whole unit fits.</summary>
    private static (DateTimeOffset Start, DateTimeOffset End) Inner((DateTimeOffset Start, DateTimeOffset End) outer,
        Func<DateTimeOffset, DateTimeOffset> unitStart, Func<DateTimeOffset, DateTimeOffset> nextUnit)
    {
        var start = unitStart(outer.Start);
        if (start < outer.Start) start = nextUnit(start);
        var end = unitStart(outer.End);
        return start < end ? (start, end) : (outer.End, outer.End);
    }

    private static DateTimeOffset MonthStart(DateTimeOffset kstMidnight)
    {
        var kst = kstMidnight.ToKst();
        return new DateTimeOffset(kst.Year, kst.Month, 1, 0, 0, 0, KoreaTime.Offset);
    }

    private static DateTimeOffset YearStart(DateTimeOffset kstMidnight) => new(kstMidnight.ToKst().Year, 1, 1, 0, 0, 0, KoreaTime.Offset);
}
