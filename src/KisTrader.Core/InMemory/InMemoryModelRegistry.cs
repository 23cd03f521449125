using KisTrader.Core.Ml.Registry;

namespace KisTrader.Core.InMemory;

/// <summary>Model versions in memory (tests, backtests), numbered, checked and activated like the EF registry. Artifact
/// bytes are copied in and out, so a caller cannot change a stored model.</summary>
public sealed class InMemoryModelRegistry : IModelRegistry
{
    private readonly Lock _lock = new();
    private readonly List<ModelVersion> _versions = [];
    private readonly Dictionary<(string Signal, int Version, string Format), byte[]> _artifacts = [];

    public Task AddAsync(ModelVersion version, IReadOnlyList<ModelArtifact> artifacts, CancellationToken ct = default)
    {
        lock (_lock)
        {
            NewModelVersionCheck.Validate(version, artifacts, MaxLocked(version?.Signal ?? ""));
            // Times come back in UTC, as from the database.
            _versions.Add(version! with { CreatedAt = version.CreatedAt.ToUniversalTime(), StatusChangedAt = version.StatusChangedAt?.ToUniversalTime() });
            foreach (var a in artifacts) _artifacts[(version!.Signal, version.Version, a.Format)] = (byte[])a.Bytes.Clone();
        }
        return Task.CompletedTask;
    }

    public Task<ModelVersion?> GetAsync(string signal, int version, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_versions.SingleOrDefault(v => v.Signal == signal && v.Version == version));
    }

    public Task<ModelVersion?> GetActiveAsync(string signal, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_versions.SingleOrDefault(v => v.Signal == signal && v.Status == ModelStatus.Active));
    }

    public Task<IReadOnlyList<ModelVersion>> ListAsync(string signal, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<ModelVersion>>([.. _versions.Where(v => v.Signal == signal).OrderByDescending(v => v.Version)]);
    }

    public Task<IReadOnlyList<string>> SignalsAsync(CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<string>>([.. _versions.Select(v => v.Signal).Distinct().Order(StringComparer.Ordinal)]);
    }

    public Task<byte[]?> GetArtifactAsync(string signal, int version, string format, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_artifacts.TryGetValue((signal, version, format), out var bytes) ? (byte[]?)bytes.Clone() : null);
    }

    public Task<ModelActivation?> ActivateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        at = at.ToUniversalTime();
        lock (_lock)
        {
            var index = _versions.FindIndex(v => v.Signal == signal && v.Version == version);
            if (index < 0) return Task.FromResult<ModelActivation?>(null);
            var previous = _versions.FindIndex(v => v.Signal == signal && v.Status == ModelStatus.Active);
            if (previous == index) return Task.FromResult<ModelActivation?>(new ModelActivation(version, version));
            if (previous >= 0) _versions[previous] = _versions[previous] with { Status = ModelStatus.Retired, StatusReason = reason, StatusChangedAt = at };
            _versions[index] = _versions[index] with { Status = ModelStatus.Active, StatusReason = reason, StatusChangedAt = at };
            return Task.FromResult<ModelActivation?>(new ModelActivation(version, previous >= 0 ? _versions[previous].Version : null));
        }
    }

    public Task<bool> NoteCandidateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        at = at.ToUniversalTime();
        lock (_lock)
        {
            var index = _versions.FindIndex(v => v.Signal == signal && v.Version == version && v.Status == ModelStatus.Candidate);
            if (index < 0) return Task.FromResult(false);
            _versions[index] = _versions[index] with { StatusReason = reason, StatusChangedAt = at };
            return Task.FromResult(true);
        }
    }

    private int MaxLocked(string signal) => _versions.Where(v => v.Signal == signal).Select(v => v.Version).DefaultIfEmpty(0).Max();
}
