namespace KisTrader.Core.Alerts;

/// <summary>What an alert is about. Surge, Plunge and VolumeSpike are about one ticker (and may start an event run).</summary>
public enum AlertKind
{
    Surge,
    Plunge,
    VolumeSpike,
    StaleFeed,
    CircuitOpen,
    UnknownOrder,
    LossLimitApproaching,
    /// <summary>The active ML model's features drifted from its training window (PSI above Ml:Drift:AlertPsi).</summary>
    ModelDrift,
}
