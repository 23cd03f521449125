namespace KisTrader.Core.Alerts;

/// <summary>Thresholds and cooldowns of the alert detector (bound from the Alerts section).</summary>
public sealed record AlertOptions
{
    /// <summary>A rise of at least this many percent within <see cref="Window"/> is a surge.</summary>
    public decimal SurgePercent { get; init; } = 3m;
    /// <summary>A fall of at least this many percent within <see cref="Window"/> is a plunge.</summary>
    public decimal PlungePercent { get; init; } = 3m;
    /// <summary>The window price changes and volumes are measured over.</summary>
    public TimeSpan Window { get; init; } = TimeSpan.FromMinutes(5);
    /// <summary>A window's volume at least this many times the trailing average window's is a spike.</summary>
    public decimal VolumeSpikeMultiple { get; init; } = 5m;
    /// <summary>How many earlier windows the trailing average covers.</summary>
    public int VolumeBaselineWindows { get; init; } = 12;
    /// <summary>Fewer completed windows than this (a fresh start, early in the day): no volume-spike alert yet.</summary>
    public int VolumeMinBaselineWindows { get; init; } = 3;
    /// <summary>No tick at all for this long while the session is open: the feed is stale.</summary>
    public TimeSpan StaleFeedAfter { get; init; } = TimeSpan.FromSeconds(60);
    /// <summary>An order of unknown outcome unresolved for longer than this is reported (the reconciliation's absence grace).</summary>
    public TimeSpan UnknownOrderGrace { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>A day's or week's loss at this share of its limit (percent) warns that the limit is near.</summary>
    public decimal LossWarningPercentOfLimit { get; init; } = 80m;
    /// <summary>The same alert (kind, and ticker where it applies) is not repeated within this time.</summary>
    public TimeSpan Cooldown { get; init; } = TimeSpan.FromMinutes(10);
    /// <summary>Whether the regular session is on (stale-feed alerts only then). Default: the KRX calendar's session hours.</summary>
    public Func<DateTimeOffset, bool> IsSessionOpen { get; init; } = new Market.KrxCalendar().IsInSession;
}
