using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>KRX business days and session hours, simplified: every weekday is a business day (no holiday calendar).</summary>
public static class TradingCalendar
{
    public static readonly TimeOnly SessionOpen = new(9, 0);
    public static readonly TimeOnly SessionClose = new(15, 30);

    public static bool IsBusinessDay(DateOnly d) => d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday);

    public static DateOnly PreviousBusinessDay(DateOnly d)
    {
        do d = d.AddDays(-1); while (!IsBusinessDay(d));
        return d;
    }

    public static IEnumerable<DateOnly> BusinessDays(DateOnly from, DateOnly toExclusive)
    {
        for (var d = from; d < toExclusive; d = d.AddDays(1))
            if (IsBusinessDay(d)) yield return d;
    }

    /// <summary>The first of the <paramref name="count"/> business days that end just before <paramref name="endExclusive"/>.</summary>
    public static DateOnly BusinessDaysBefore(DateOnly endExclusive, int count)
    {
        var d = endExclusive;
        for (var i = 0; i < count; i++) d = PreviousBusinessDay(d);
        return d;
    }

    public static bool InSession(DateTimeOffset t)
    {
        var kst = t.ToKst();
        var time = TimeOnly.FromTimeSpan(kst.TimeOfDay);
        return IsBusinessDay(DateOnly.FromDateTime(kst.DateTime)) && time >= SessionOpen && time < SessionClose;
    }

    public static DateOnly KstDate(DateTimeOffset t) => DateOnly.FromDateTime(t.ToKst().DateTime);

    /// <summary>The average of <see cref="VolumeProfile"/> over the session (0.5 + 2x² over x ∈ [−1, 1]).</summary>
    public const double MeanVolumeProfile = 0.5 + 2.0 / 3.0;

    /// <summary>U-shaped intraday volume: heavy at the open and close, light at midday (1 outside the session).</summary>
    public static double VolumeProfile(DateTimeOffset t)
    {
        var minutes = t.ToKst().TimeOfDay.TotalMinutes;
        const double open = 9 * 60, close = 15 * 60 + 30;
        if (minutes < open || minutes >= close) return 1.0;
        var x = (minutes - open) / (close - open) * 2 - 1; // −1 at the open, +1 at the close
        return 0.5 + 2.0 * x * x;
    }
}
