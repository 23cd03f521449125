namespace KisTrader.Core.Market;

/// <summary>Where the KRX regular market stands at an instant (see <see cref="KrxCalendar"/>). The 08:30–09:00 opening
/// auction and the after-hours sessions are not traded by KisTrader, so they count as <see cref="Closed"/>.</summary>
public enum KrxSessionPhase
{
    /// <summary>Outside 09:00–15:30 KST, a weekend or a KRX holiday.</summary>
    Closed,
    /// <summary>Continuous trading, 09:00–15:20 KST.</summary>
    Continuous,
    /// <summary>Closing single-price auction, 15:20–15:30 KST.</summary>
    ClosingAuction,
}
