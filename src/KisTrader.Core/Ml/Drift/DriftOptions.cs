namespace KisTrader.Core.Ml.Drift;

/// <summary>How drift is checked (configuration "Ml:Drift", bound and validated by the web project).</summary>
public sealed record DriftOptions
{
    /// <summary>The signal whose active model is checked.</summary>
    public string Signal { get; init; } = "up5d-1pct";

    /// <summary>Sessions of recent data (per traded instrument) compared with the training window. About three months: over
    /// a few weeks of a small watchlist the slow features (60-day return, 52-week range, market returns) differ from any
    /// training window by chance alone.</summary>
    public int RecentSessions { get; init; } = 60;

    /// <summary>A feature whose PSI exceeds this raises the drift alert.</summary>
    public double AlertPsi { get; init; } = PopulationStability.DriftFrom;

    /// <summary>Features reported but never alerted on: the calendar ones, which a window of a few weeks always holds
    /// differently from a training window of years (one month, not twelve), without anything having changed.</summary>
    public IReadOnlyList<string> IgnoredFeatures { get; init; } = ["day_of_week", "month", "day_of_month"];

    /// <summary>The level an ignored feature is reported with.</summary>
    public const string IgnoredLevel = "ignored";
}
