using KisTrader.Core.Market;

namespace KisTrader.Simulator.Market;

/// <summary>The simulator's business days and session hours: the KRX hours of <see cref="KrxCalendar"/>, simplified to
/// every weekday being a business day (<see cref="KrxCalendar.WeekendsOnly"/>): the demo exchange keeps no holiday list.</summary>
public static class TradingCalendar
{
    public static readonly TimeOnly SessionOpen = KrxCalendar.Open;
    public static readonly TimeOnly SessionClose = KrxCalendar.Close;

    public static bool IsBusinessDay(DateOnly d) => KrxCalendar.WeekendsOnly.IsTradingDay(d);

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

    public static bool InSession(DateTimeOffset t) => KrxCalendar.WeekendsOnly.IsInSession(t);

    public static DateOnly KstDate(DateTimeOffset t) => KrxCalendar.KstDate(t);

    /// <summary>The average of <see cref="VolumeProfile"/> over the session (0.5 + 2x² over x ∈ [−1, 1]).</summary>
    public const double MeanVolumeProfile = 0.5 + 2.0 / 3.0;

    /// <summary>U-shaped intraday volume: heavy at the open and close, light at midday (1 outside the session).</summary>
    public static double VolumeProfile(DateTimeOffset t)
    {
        var minutes = t.ToKst().TimeOfDay.TotalMinutes;
        double open = SessionOpen.ToTimeSpan().TotalMinutes, close = SessionClose.ToTimeSpan().TotalMinutes;
        if (minutes < open || minutes >= close) return 1.0;
        var x = (minutes - open) / (close - open) * 2 - 1; // −1 at the open, +1 at the close
        return 0.5 + 2.0 * x * x;
    }
}
