namespace KisTrader.Core.Market.Analysis;

/// <summary>The share (0..1) of the trading session that has elapsed, for scaling a daily average volume to "by now".</summary>
public static class SessionProgress
{
    private static readonly TimeSpan KrxOpen = new(9, 0, 0);
    private static readonly TimeSpan KrxClose = new(15, 30, 0);

    public static decimal ElapsedShare(DateTimeOffset now, SessionClock clock)
    {
        var timeOfDay = now.ToKst().TimeOfDay;
        if (clock == SessionClock.AlwaysOpen) return (decimal)timeOfDay.Ticks / TimeSpan.TicksPerDay;
        if (timeOfDay <= KrxOpen) return 0m;
        if (timeOfDay >= KrxClose) return 1m;
        return (decimal)(timeOfDay - KrxOpen).Ticks / (KrxClose - KrxOpen).Ticks;
    }
}
