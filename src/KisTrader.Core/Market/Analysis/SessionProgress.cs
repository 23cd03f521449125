namespace KisTrader.Core.Market.Analysis;

/// <summary>Where the trading day stands: the share (0..1) of the session that has elapsed, for scaling a daily average
/// volume to "by now", and the session state the decision prompt relies on.</summary>
public static class SessionProgress
{
    private static readonly TimeSpan KrxOpen = KrxCalendar.Open.ToTimeSpan();
    private static readonly TimeSpan KrxClose = KrxCalendar.Close.ToTimeSpan();

    /// <summary>The always-open simulator trades around the clock.</summary>
    public const string AlwaysOpen = "always_open";
    /// <summary>KRX regular continuous trading, 09:00–15:20 KST on a trading day.</summary>
    public const string Regular = "regular";
    /// <summary>KRX closing single-price auction, 15:20–15:30 KST.</summary>
    public const string ClosingAuction = "closing_auction";
    /// <summary>Outside regular hours, a weekend or a KRX holiday.</summary>
    public const string Closed = "closed";

    public static decimal ElapsedShare(DateTimeOffset now, SessionClock clock)
    {
        var timeOfDay = now.ToKst().TimeOfDay;
        if (clock == SessionClock.AlwaysOpen) return (decimal)timeOfDay.Ticks / TimeSpan.TicksPerDay;
        if (timeOfDay <= KrxOpen) return 0m;
        if (timeOfDay >= KrxClose) return 1m;
        return (decimal)(timeOfDay - KrxOpen).Ticks / (KrxClose - KrxOpen).Ticks;
    }

    /// <summary>The session state at <paramref name="now"/>: <see cref="AlwaysOpen"/>, <see cref="Regular"/>,
    /// <see cref="ClosingAuction"/> or <see cref="Closed"/> (weekends, and holidays when a calendar is given).</summary>
    public static string State(DateTimeOffset now, SessionClock clock, KrxCalendar? calendar = null)
    {
        if (clock == SessionClock.AlwaysOpen) return AlwaysOpen;
        return (calendar ?? KrxCalendar.WeekendsOnly).Phase(now) switch
        {
            KrxSessionPhase.Continuous => Regular,
            KrxSessionPhase.ClosingAuction => ClosingAuction,
            _ => Closed,
        };
    }
}
