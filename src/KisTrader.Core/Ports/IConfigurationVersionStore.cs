using KisTrader.Core.Configuration;

namespace KisTrader.Core.Ports;

/// <summary>The configuration history (table <c>config_versions</c>). Versions are immutable; ids grow.</summary>
public interface IConfigurationVersionStore
{
    /// <summary>Stores <paramref name="json"/> as a new version unless it equals the latest version's JSON exactly.
    /// Returns the version that now is the latest and whether it was added.</summary>
    Task<(ConfigurationVersion Version, bool Added)> AddIfChangedAsync(string json, string recordedBy, DateTimeOffset at, CancellationToken ct = default);

    Task<ConfigurationVersion?> LatestAsync(CancellationToken ct = default);

    Task<ConfigurationVersion?> GetAsync(long id, CancellationToken ct = default);

    /// <summary>Every version, newest first, without its JSON (<see cref="ConfigurationVersion.Json"/> is empty).</summary>
    Task<IReadOnlyList<ConfigurationVersion>> ListAsync(CancellationToken ct = default);
}
