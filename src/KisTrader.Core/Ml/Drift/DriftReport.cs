namespace KisTrader.Core.Ml.Drift;

/// <summary>One feature's drift: the population stability index of recent live values against the model's training
/// window, and its level (below 0.1 "stable", 0.1-0.25 "moderate", above 0.25 "drift": the usual PSI reading).</summary>
public sealed record FeatureDrift(string Feature, double Psi, string Level);

/// <summary>The drift of the active model's features at one check; <see cref="Alert"/> when any feature drifted past the
/// configured PSI.</summary>
public sealed record DriftReport(
    string Signal,
    int ModelVersion,
    DateTimeOffset ComputedAt,
    DateOnly RecentFrom,
    DateOnly RecentTo,
    int RecentRows,
    IReadOnlyList<FeatureDrift> Features,
    bool Alert);

/// <summary>Computes, keeps and answers the latest drift report per signal.</summary>
public interface IDriftMonitor
{
    Task<DriftReport?> LatestAsync(string signal, CancellationToken ct = default);

    /// <summary>Computes a report now for the signal's active model (null when none is active or no recent data), stores
    /// it, raises the alert when it drifts, and returns it.</summary>
    Task<DriftReport?> CheckAsync(string signal, CancellationToken ct = default);
}
