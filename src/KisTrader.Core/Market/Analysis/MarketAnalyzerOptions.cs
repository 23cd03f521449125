namespace KisTrader.Core.Market.Analysis;

/// <summary>How the session's elapsed share is measured for the volume-surge ratio.</summary>
public enum SessionClock
{
    /// <summary>KRX regular session (<see cref="KrxCalendar.Open"/>–<see cref="KrxCalendar.Close"/> KST).</summary>
    Krx,
    /// <summary>The always-open simulator: the elapsed share of the 24-hour KST day.</summary>
    AlwaysOpen,
}

/// <summary>Thresholds of the market analysis.</summary>
public sealed record MarketAnalyzerOptions
{
    /// <summary>A ticker whose latest tick is older than this makes the analysis stale.</summary>
    public TimeSpan StaleAfter { get; init; } = TimeSpan.FromMinutes(2);
    /// <summary>Calendar days of daily history to load (about 100 trading days: enough for the 60-day average).</summary>
    public int HistoryCalendarDays { get; init; } = 150;
    public SessionClock Session { get; init; } = SessionClock.Krx;
    /// <summary>KRX holidays, for the session state (without it only weekends count as closed).</summary>
    public KrxCalendar? Calendar { get; init; }
    /// <summary>Volume at least this many times normal for the time of day, with the price up, is an opportunity.</summary>
    public decimal VolumeSurgeRatio { get; init; } = 2m;
    /// <summary>A change today at or below this (percent) is a risk.</summary>
    public decimal SharpDropPercent { get; init; } = -3m;
    /// <summary>Early in the session the expected volume is tiny; this floor keeps the surge ratio from exploding.</summary>
    public decimal MinElapsedShare { get; init; } = 0.05m;
}
