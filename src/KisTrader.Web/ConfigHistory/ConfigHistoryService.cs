using KisTrader.Core.Configuration;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;
using KisTrader.Web.Hosting;
using KisTrader.Web.Reflection;

namespace KisTrader.Web.ConfigHistory;

/// <summary>
/// The configuration history: records the effective configuration (<see cref="EffectiveConfiguration"/>, secrets
/// redacted) at each start when it differs from the last version stored, and answers the System page and the admin API
/// with the versions and a line diff of any two (the same DiffPlex side-by-side diff as prompt versions,
/// <see cref="PromptDiff"/>).
/// </summary>
public sealed class ConfigHistoryService(IConfigurationVersionStore store, AppSettings settings, SecretRedactor redactor, TimeProvider time,
    ILogger<ConfigHistoryService> logger)
{
    public sealed record Diff(ConfigurationVersion From, ConfigurationVersion To, PromptDiff.Result Lines);

    /// <summary>The configuration this process runs with, as it is (or would be) stored.</summary>
    public string Current() => EffectiveConfiguration.Build(settings, redactor);

    /// <summary>Stores the running configuration unless it equals the latest version. Called once at start-up.</summary>
    public async Task<(ConfigurationVersion Version, bool Added)> RecordAsync(string recordedBy, CancellationToken ct = default)
    {
        var (version, added) = await store.AddIfChangedAsync(Current(), recordedBy, time.GetUtcNow(), ct);
        if (added)
            logger.LogInformation("Configuration version {Version} recorded ({Sha256}): it differs from the one before", version.Id, version.Sha256[..12]);
        return (version, added);
    }

    /// <summary>Every version, newest first (without their JSON).</summary>
    public Task<IReadOnlyList<ConfigurationVersion>> ListAsync(CancellationToken ct = default) => store.ListAsync(ct);

    public Task<ConfigurationVersion?> GetAsync(long id, CancellationToken ct = default) => store.GetAsync(id, ct);

    public Task<ConfigurationVersion?> LatestAsync(CancellationToken ct = default) => store.LatestAsync(ct);

    /// <summary>The line diff from version <paramref name="fromId"/> to version <paramref name="toId"/>; null when either
    /// is unknown. <paramref name="toId"/> defaults to the latest version, <paramref name="fromId"/> to the version before
    /// <paramref name="toId"/> (itself when it is the first).</summary>
    public async Task<Diff?> DiffAsync(long? fromId, long? toId, CancellationToken ct = default)
    {
        var to = toId is { } t ? await store.GetAsync(t, ct) : await store.LatestAsync(ct);
        if (to is null) return null;
        var from = fromId is { } f ? await store.GetAsync(f, ct)
            : (await store.ListAsync(ct)).FirstOrDefault(v => v.Id < to.Id) is { } before ? await store.GetAsync(before.Id, ct) : to;
        return from is null ? null : new Diff(from, to, PromptDiff.Build(from.Json, to.Json));
    }
}
