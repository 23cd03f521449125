using System.Security.Cryptography;
using System.Text;
using KisTrader.Core.Configuration;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

/// <summary>The configuration history in memory, with the store's contract: ids grow, a version equal to the latest is
/// not added, and the list comes newest first without JSON.</summary>
public sealed class FakeConfigurationVersionStore : IConfigurationVersionStore
{
    private readonly List<ConfigurationVersion> versions = [];
    public Exception? Fail { get; set; }
    public List<long> Fetched { get; } = [];

    public Task<(ConfigurationVersion Version, bool Added)> AddIfChangedAsync(string json, string recordedBy, DateTimeOffset at, CancellationToken ct = default)
    {
        if (versions.LastOrDefault() is { } last && last.Json == json)
            return Task.FromResult((last, false));
        var sha = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(json)));
        var version = new ConfigurationVersion(versions.Count + 1, at, recordedBy, sha, json);
        versions.Add(version);
        return Task.FromResult((version, true));
    }

    public Task<ConfigurationVersion?> LatestAsync(CancellationToken ct = default) =>
        Fail is { } e ? Task.FromException<ConfigurationVersion?>(e) : Task.FromResult(versions.LastOrDefault());

    public Task<ConfigurationVersion?> GetAsync(long id, CancellationToken ct = default)
    {
        Fetched.Add(id);
        return Task.FromResult(versions.FirstOrDefault(v => v.Id == id));
    }

    public Task<IReadOnlyList<ConfigurationVersion>> ListAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ConfigurationVersion>>([.. versions.AsEnumerable().Reverse().Select(v => v with { Json = "" })]);
}
