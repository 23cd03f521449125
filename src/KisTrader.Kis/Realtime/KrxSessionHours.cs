using KisTrader.Core.Market;

namespace KisTrader.Kis.Realtime;

/// <summary>The default "market open" test for the staleness watchdog: the KRX regular session
/// (<see cref="KrxCalendar"/>) on weekdays. Holidays are not known here; a quiet holiday only costs a Stale state.</summary>
public static class KrxSessionHours
{
    public static bool IsRegularSession(DateTimeOffset at) => KrxCalendar.WeekendsOnly.IsInSession(at);
}
