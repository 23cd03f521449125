using KisTrader.Core.Market;

namespace KisTrader.Core.History;

/// <summary>The one rule of point-in-time reads: when a bar becomes knowable. A daily bar of day d is final only at that
/// session's close (15:30 KST on d); a minute bar when its minute has ended. A read "as of t" returns only bars available
/// at or before t, so a backtest step at t sees nothing after t. Every store and fake applies this class; none has its
/// own rule.</summary>
public static class PointInTime
{
    public static readonly TimeSpan MinuteLength = TimeSpan.FromMinutes(1);

    /// <summary>The first instant a bar of <paramref name="resolution"/> starting at <paramref name="start"/> may be seen.</summary>
    public static DateTimeOffset AvailableAt(BarResolution resolution, DateTimeOffset start) => resolution switch
    {
        BarResolution.Day => KrxCalendar.CloseOn(KrxCalendar.KstDate(start)),
        BarResolution.Minute => start + MinuteLength,
        _ => throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Unknown bar resolution."),
    };

    public static bool IsVisible(HistoryBar bar, DateTimeOffset asOf) => bar.AvailableAt <= asOf;

    /// <summary>The latest bar start a read as of <paramref name="asOf"/> may return (stores filter <c>time &lt;= this</c>):
    /// for daily bars, today's midnight once today's close has passed, else yesterday's; for minute bars, the minute
    /// that ended at or before <paramref name="asOf"/>.</summary>
    public static DateTimeOffset LatestVisibleStart(BarResolution resolution, DateTimeOffset asOf)
    {
        var kst = asOf.ToKst();
        switch (resolution)
        {
            case BarResolution.Day:
                var today = KrxCalendar.KstDate(kst);
                var day = kst >= KrxCalendar.CloseOn(today) ? today : today.AddDays(-1);
                return new DateTimeOffset(day.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset);
            case BarResolution.Minute:
                var end = kst - MinuteLength;
                // Bars start on whole minutes: the last one that has ended starts at or before asOf − 1 min.
                return new DateTimeOffset(end.Year, end.Month, end.Day, end.Hour, end.Minute, 0, KoreaTime.Offset);
            default:
                throw new ArgumentOutOfRangeException(nameof(resolution), resolution, "Unknown bar resolution.");
        }
    }
}
