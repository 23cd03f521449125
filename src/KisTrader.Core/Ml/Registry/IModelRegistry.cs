namespace KisTrader.Core.Ml.Registry;

/// <summary>The outcome of an activation: the version now active and the one that was before (null when none was).</summary>
public sealed record ModelActivation(int Version, int? Previous);

/// <summary>
/// Where model versions are kept (EF in the product, in memory in tests and backtests). Versions are immutable and
/// numbered per signal (1, 2, …); a version's status and status note are the only things that change, and at most one
/// version per signal is active (once one has been, exactly one).
/// </summary>
public interface IModelRegistry
{
    /// <summary>Adds a new candidate with its artifacts, in one transaction. Its number must be the signal's next one
    /// (max + 1, or 1), its status <see cref="ModelStatus.Candidate"/>, and its <see cref="ModelVersion.Artifacts"/> must
    /// describe exactly the artifacts given.</summary>
    /// <exception cref="Errors.TradingSystemException">The number is taken (versions are immutable) or skips one.</exception>
    /// <exception cref="ArgumentException">The version or its artifacts are malformed.</exception>
    Task AddAsync(ModelVersion version, IReadOnlyList<ModelArtifact> artifacts, CancellationToken ct = default);

    Task<ModelVersion?> GetAsync(string signal, int version, CancellationToken ct = default);

    Task<ModelVersion?> GetActiveAsync(string signal, CancellationToken ct = default);

    /// <summary>All versions of a signal, newest first.</summary>
    Task<IReadOnlyList<ModelVersion>> ListAsync(string signal, CancellationToken ct = default);

    /// <summary>Every signal with at least one version, by name.</summary>
    Task<IReadOnlyList<string>> SignalsAsync(CancellationToken ct = default);

    /// <summary>The bytes of one artifact, or null.</summary>
    Task<byte[]?> GetArtifactAsync(string signal, int version, string format, CancellationToken ct = default);

    /// <summary>Makes the version the only active one of its signal in one transaction; the version active before, if
    /// another, becomes <see cref="ModelStatus.Retired"/>. Both get <paramref name="reason"/> as their status note.
    /// Null when the version does not exist.</summary>
    Task<ModelActivation?> ActivateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default);

    /// <summary>Records why a candidate stays a candidate (a refused promotion). False when the version does not exist
    /// or is not a candidate.</summary>
    Task<bool> NoteCandidateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default);
}
