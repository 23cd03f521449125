using System.ComponentModel.DataAnnotations;
using KisTrader.Core.Alerts;

namespace KisTrader.Web.Hosting.Options;

/// <summary>The alert detector (surge, plunge, volume spike, stale feed, circuit breaker, unknown orders, loss near its
/// limit). Alerts go out as notifications (dashboard, webhook, e-mail; each channel rate-limited by Notifications).</summary>
[OptionsSection("Alerts")]
public sealed class AlertsOptions
{
    public bool Enabled { get; set; } = true;
    [Range(typeof(decimal), "0.1", "30", ErrorMessage = "must be between 0.1 and 30 percent")]
    public decimal SurgePercent { get; set; } = 3m;
    [Range(typeof(decimal), "0.1", "30", ErrorMessage = "must be between 0.1 and 30 percent")]
    public decimal PlungePercent { get; set; } = 3m;
    /// <summary>The window price changes and volumes are measured over.</summary>
    [Range(10, 3600, ErrorMessage = "must be between 10 and 3600 seconds")]
    public int WindowSeconds { get; set; } = 300;
    [Range(typeof(decimal), "1.5", "1000", ErrorMessage = "must be between 1.5 and 1000")]
    public decimal VolumeSpikeMultiple { get; set; } = 5m;
    /// <summary>How many earlier windows the trailing average volume covers.</summary>
    [Range(3, 200, ErrorMessage = "must be between 3 and 200 windows")]
    public int VolumeBaselineWindows { get; set; } = 12;
    /// <summary>No tick for this long while the KRX session is open: a stale-feed alert.</summary>
    [Range(5, 3600, ErrorMessage = "must be between 5 and 3600 seconds")]
    public int StaleFeedSeconds { get; set; } = 60;
    [Range(1, 100, ErrorMessage = "must be between 1 and 100 percent of the limit")]
    public decimal LossWarningPercentOfLimit { get; set; } = 80m;
    /// <summary>The same alert (kind, and ticker or order where it applies) at most once per this many minutes.</summary>
    [Range(1, 1440, ErrorMessage = "must be between 1 and 1440 minutes")]
    public int CooldownMinutes { get; set; } = 10;

    public AlertOptions ToOptions(TimeSpan unknownOrderGrace, Func<DateTimeOffset, bool> isSessionOpen) => new()
    {
        SurgePercent = SurgePercent,
        PlungePercent = PlungePercent,
        Window = TimeSpan.FromSeconds(WindowSeconds),
        VolumeSpikeMultiple = VolumeSpikeMultiple,
        VolumeBaselineWindows = VolumeBaselineWindows,
        VolumeMinBaselineWindows = Math.Min(3, VolumeBaselineWindows),
        StaleFeedAfter = TimeSpan.FromSeconds(StaleFeedSeconds),
        UnknownOrderGrace = unknownOrderGrace,
        LossWarningPercentOfLimit = LossWarningPercentOfLimit,
        Cooldown = TimeSpan.FromMinutes(CooldownMinutes),
        IsSessionOpen = isSessionOpen,
    };
}
