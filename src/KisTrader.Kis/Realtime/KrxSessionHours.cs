using KisTrader.Core.Market;

namespace KisTrader.Kis.Realtime;

/// <summary>The default "market open" test for the staleness watchdog: KRX regular session 09:00–15:30 KST on weekdays
/// (holidays are not known here; a quiet holiday only costs a Stale state).</summary>
public static class KrxSessionHours
{
    private static readonly TimeSpan Open = new(9, 0, 0);
    private static readonly TimeSpan Close = new(15, 30, 0);

    public static bool IsRegularSession(DateTimeOffset at)
    {
        var kst = at.ToKst();
        if (kst.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday)
            return false;
        return kst.TimeOfDay >= Open && kst.TimeOfDay < Close;
    }
}
