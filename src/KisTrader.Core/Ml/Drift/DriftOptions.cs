namespace KisTrader.Core.Ml.Drift;

/// <summary>How drift is checked (configuration "Ml:Drift", bound and validated by the web project).</summary>
public sealed record DriftOptions
{
    /// <summary>The signal whose active model is checked.</summary>
    public string Signal { get; init; } = "up5d-1pct";

    /// <summary>Sessions of recent data (per traded instrument) compared with the training window.</summary>
    public int RecentSessions { get; init; } = 20;

    /// <summary>A feature whose PSI exceeds this raises the drift alert.</summary>
    public double AlertPsi { get; init; } = PopulationStability.DriftFrom;
}
