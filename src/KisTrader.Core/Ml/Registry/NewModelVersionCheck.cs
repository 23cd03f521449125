using KisTrader.Core.Errors;

namespace KisTrader.Core.Ml.Registry;

/// <summary>What every registry checks before it adds a version, so the stores refuse the same things alike.</summary>
public static class NewModelVersionCheck
{
    /// <summary>Throws when <paramref name="version"/> cannot be added after the signal's highest version <paramref name="max"/> (0 for none).</summary>
    public static void Validate(ModelVersion version, IReadOnlyList<ModelArtifact> artifacts, int max)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifacts);
        if (version.Problem() is { } problem) throw new ArgumentException($"{version.Label}: {problem}", nameof(version));
        if (version.Status != ModelStatus.Candidate)
            throw new ArgumentException($"{version.Label}: a new version is a candidate (got {ModelStatusNames.Of(version.Status)}); promotion activates it", nameof(version));
        foreach (var a in artifacts)
            if (string.IsNullOrWhiteSpace(a.Format) || a.Format.Length > ModelArtifact.MaxFormatLength || a.Bytes is null || a.Bytes.Length == 0)
                throw new ArgumentException($"{version.Label}: an artifact needs a format of 1-{ModelArtifact.MaxFormatLength} characters and bytes", nameof(artifacts));
        if (artifacts.Select(a => a.Format).Distinct(StringComparer.Ordinal).Count() != artifacts.Count)
            throw new ArgumentException($"{version.Label}: two artifacts of the same format", nameof(artifacts));
        if (!version.Artifacts.SequenceEqual(artifacts.Select(a => a.Info)))
            throw new ArgumentException($"{version.Label}: its artifact list does not describe the artifacts given", nameof(version));
        if (version.Version != max + 1)
            throw new TradingSystemException(version.Version <= max
                ? $"{version.Label} already exists: model versions are immutable (the next one is v{max + 1})."
                : $"{version.Signal} cannot get v{version.Version}: the next version is v{max + 1}.");
    }
}
