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
        var startOfFrom = KoreaTime.StartOfDay(from);
        var wholeStart = startOfFrom == from ? from : startOfFrom.AddDays(1);
        var wholeEnd = KoreaTime.StartOfDay(to);
        if (wholeStart >= wholeEnd)
            return new TradePeriodSplit((from.UtcDateTime, to.UtcDateTime), (to.UtcDateTime, to.UtcDateTime), default, default, default, default, default);
        var head = (from.UtcDateTime, wholeStart.UtcDateTime);
        var tail = (wholeEnd.UtcDateTime, to.UtcDateTime);
        var monthStart = MonthStart(wholeStart);
        if (monthStart < wholeStart) monthStart = monthStart.AddMonths(1);
        var monthEnd = MonthStart(wholeEnd);
        if (monthStart >= monthEnd)
            return new TradePeriodSplit(head, tail, (TradeBuckets.DayKey(wholeStart), TradeBuckets.DayKey(wholeEnd)), default, default, default, default);
        var days = (TradeBuckets.DayKey(wholeStart), TradeBuckets.DayKey(monthStart));
        var tailDays = (TradeBuckets.DayKey(monthEnd), TradeBuckets.DayKey(wholeEnd));
        var yearStart = YearStart(monthStart);
        if (yearStart < monthStart) yearStart = yearStart.AddYears(1);
        var yearEnd = YearStart(monthEnd);
        if (yearStart >= yearEnd)
            return new TradePeriodSplit(head, tail, days, tailDays, (TradeBuckets.MonthKey(monthStart), TradeBuckets.MonthKey(monthEnd)), default, default);
        return new TradePeriodSplit(head, tail, days, tailDays,
            (TradeBuckets.MonthKey(monthStart), TradeBuckets.MonthKey(yearStart)),
            (TradeBuckets.MonthKey(yearEnd), TradeBuckets.MonthKey(monthEnd)),
            (TradeBuckets.YearKey(yearStart), TradeBuckets.YearKey(yearEnd)));
    }

    private static DateTimeOffset MonthStart(DateTimeOffset kstMidnight)
    {
        var kst = kstMidnight.ToKst();
        return new DateTimeOffset(kst.Year, kst.Month, 1, 0, 0, 0, KoreaTime.Offset);
    }

    private static DateTimeOffset YearStart(DateTimeOffset kstMidnight) => new(kstMidnight.ToKst().Year, 1, 1, 0, 0, 0, KoreaTime.Offset);
}
