using KisTrader.Core.Decisions;
using KisTrader.Core.Ports;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Prompts;

/// <summary>What a version change did: the version now active, the rules now enforced, the rules of the version the
/// risk engine could not enforce (see <see cref="ActiveStrategyRules.Skipped"/>) and an archive failure, if any (the
/// database holds the version either way).</summary>
public sealed record PromptChange(PromptVersion Version, IReadOnlyList<StrategyRule> Enforced, IReadOnlyList<string> Skipped, string? ArchiveError);

/// <summary>
/// The decision prompt's versions and the enforced rule set, which are one thing (docs/reflection.md): a new version's
/// Dynamic Rules section is rendered from its rules, and activating a version (a rollback included) makes exactly its
/// <see cref="PromptVersion.RuleIds"/> the rules the risk engine enforces. Version 1 is seeded from the baseline file
/// when the store has none. Every change runs under one lock, so two changes never both build on the same parent.
/// </summary>
public sealed class PromptVersioning(
    IPromptStore store,
    IStrategyRuleStore rules,
    IPromptArchive archive,
    ActiveStrategyRules active,
    FilePromptSource baseline,
    TimeProvider time)
{
    public const string Name = PromptVersion.DecisionPrompt;
    public const string BaselineAuthor = "baseline";

    private readonly SemaphoreSlim _lock = new(1, 1);

    /// <summary>The active version, seeding version 1 from the baseline file when there is none.</summary>
    public async Task<PromptVersion> GetActiveAsync(CancellationToken ct = default)
    {
        if (await store.GetActiveAsync(Name, ct).ConfigureAwait(false) is { } current) return current;
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return (await SeedOrActiveAsync(ct).ConfigureAwait(false)).Version;
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>At start-up: makes the active version's rules the enforced set (seeding version 1 if needed).</summary>
    public async Task<PromptChange> LoadEnforcedRulesAsync(CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (version, archiveError) = await SeedOrActiveAsync(ct).ConfigureAwait(false);
            return await EnforceAsync(version, archiveError, ct).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>The rules the active version lists, from the rule store (what new rules are validated against).</summary>
    public async Task<IReadOnlyList<StrategyRule>> GetActiveRulesAsync(CancellationToken ct = default)
    {
        var version = await GetActiveAsync(ct).ConfigureAwait(false);
        return version.RuleIds.Count == 0 ? [] : await rules.GetManyAsync(version.RuleIds, ct).ConfigureAwait(false);
    }

    /// <summary>A new version whose rule set is exactly <paramref name="ruleSet"/>: the active text with its Dynamic Rules
    /// section rendered from them, parent = the active version. It becomes active and its rules enforced.</summary>
    public async Task<PromptChange> CreateVersionAsync(IReadOnlyList<StrategyRule> ruleSet, string author, string reason, string? reportId,
        CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            return await CreateLockedAsync(ruleSet, author, reason, reportId, ct).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A new version with the active version's rules plus <paramref name="added"/>, read under the same lock
    /// as the change, so a rule adopted meanwhile is never dropped.</summary>
    public async Task<PromptChange> AddRulesAsync(IReadOnlyList<StrategyRule> added, string author, string reason, string? reportId,
        CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (parent, _) = await SeedOrActiveAsync(ct).ConfigureAwait(false);
            var current = parent.RuleIds.Count == 0 ? [] : await rules.GetManyAsync(parent.RuleIds, ct).ConfigureAwait(false);
            var set = current.Concat(added.Where(a => current.All(c => c.RuleId != a.RuleId))).ToList();
            return await CreateLockedAsync(set, author, reason, reportId, ct).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>A new version with the active version's rules minus <paramref name="ruleId"/>, read under the same lock as
    /// the change; null (nothing written) when the active version does not list it.</summary>
    public async Task<PromptChange?> RemoveRuleAsync(string ruleId, string author, string reason, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (parent, _) = await SeedOrActiveAsync(ct).ConfigureAwait(false);
            if (!parent.RuleIds.Contains(ruleId, StringComparer.Ordinal)) return null;
            var rest = parent.RuleIds.Where(id => id != ruleId).ToList();
            var set = rest.Count == 0 ? [] : await rules.GetManyAsync(rest, ct).ConfigureAwait(false);
            return await CreateLockedAsync(set, author, reason, null, ct).ConfigureAwait(false);
        }
        finally
        {
            _lock.Release();
        }
    }

    /// <summary>Makes an existing version active (a rollback when it is older) and its rules the enforced set; null when
    /// the version does not exist.</summary>
    public async Task<PromptChange?> ActivateAsync(int version, string user, string reason, CancellationToken ct = default)
    {
        await _lock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            var (current, _) = await SeedOrActiveAsync(ct).ConfigureAwait(false);
            // Everything that can fail to read is read before anything changes, and the enforced set follows the active
            // version at once: the prompt and the risk engine never disagree while the (slow) archive runs.
            if (await store.GetAsync(Name, version, ct).ConfigureAwait(false) is not { } stored) return null;
            var set = stored.RuleIds.Count == 0 ? [] : await rules.GetManyAsync(stored.RuleIds, ct).ConfigureAwait(false);
            if (!await store.ActivateAsync(Name, version, ct).ConfigureAwait(false)) return null;
            var target = stored with { IsActive = true };
            active.Replace(set);
            var missing = target.RuleIds.Where(id => set.All(r => r.RuleId != id)).Select(id => $"{id}: not in the rule store");
            var change = version < current.Version ? "rolled back" : version == current.Version ? "re-activated" : "activated";
            var archiveError = await ArchiveAsync(target, $"{change} from v{current.Version} by {user}: {reason}", ct).ConfigureAwait(false);
            return new PromptChange(target, active.Current, [.. active.Skipped, .. missing], archiveError);
        }
        finally
        {
            _lock.Release();
        }
    }

    private async Task<PromptChange> CreateLockedAsync(IReadOnlyList<StrategyRule> ruleSet, string author, string reason, string? reportId,
        CancellationToken ct)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(author);
        ArgumentException.ThrowIfNullOrWhiteSpace(reason);
        var (parent, _) = await SeedOrActiveAsync(ct).ConfigureAwait(false);
        var versions = await store.ListAsync(Name, ct).ConfigureAwait(false);
        var next = versions.Count == 0 ? 1 : versions.Max(v => v.Version) + 1;
        var version = new PromptVersion
        {
            PromptName = Name,
            Version = next,
            Text = DecisionPrompt.ReplaceDynamicRules(parent.Text, DynamicRulesRenderer.Render(ruleSet)),
            ParentVersion = parent.Version,
            Reason = reason,
            Author = author,
            ReportId = reportId,
            RuleIds = [.. ruleSet.Select(r => r.RuleId)],
            CreatedAt = time.GetUtcNow(),
            IsActive = true,
        };
        await store.AddAsync(version, ct).ConfigureAwait(false);
        // Enforced the moment the version is active, before the archive (which may be slow or fail).
        active.Replace(ruleSet);
        var archiveError = await ArchiveAsync(version, $"created v{next} from v{parent.Version} by {author}: {reason}", ct).ConfigureAwait(false);
        return new PromptChange(version, active.Current, active.Skipped, archiveError);
    }

    private async Task<PromptChange> EnforceAsync(PromptVersion version, string? archiveError, CancellationToken ct)
    {
        var set = version.RuleIds.Count == 0 ? [] : await rules.GetManyAsync(version.RuleIds, ct).ConfigureAwait(false);
        active.Replace(set);
        var missing = version.RuleIds.Where(id => set.All(r => r.RuleId != id)).Select(id => $"{id}: not in the rule store");
        return new PromptChange(version, active.Current, [.. active.Skipped, .. missing], archiveError);
    }

    // Call under the lock.
    private async Task<(PromptVersion Version, string? ArchiveError)> SeedOrActiveAsync(CancellationToken ct)
    {
        if (await store.GetActiveAsync(Name, ct).ConfigureAwait(false) is { } current) return (current, null);
        var existing = await store.ListAsync(Name, ct).ConfigureAwait(false);
        if (existing.Count > 0)
        {
            // Versions without an active one (should not happen): the newest becomes active rather than a second v1.
            var newest = existing.MaxBy(v => v.Version)!;
            await store.ActivateAsync(Name, newest.Version, ct).ConfigureAwait(false);
            return (newest with { IsActive = true }, null);
        }
        var text = (await baseline.GetActiveAsync(ct).ConfigureAwait(false)).Text;
        var seed = new PromptVersion
        {
            PromptName = Name,
            Version = 1,
            Text = text,
            ParentVersion = null,
            Reason = $"baseline from {Path.GetFileName(baseline.Path)}",
            Author = BaselineAuthor,
            RuleIds = [],
            CreatedAt = time.GetUtcNow(),
            IsActive = true,
        };
        await store.AddAsync(seed, ct).ConfigureAwait(false);
        return (seed, await ArchiveAsync(seed, "seeded v1 from the baseline file", ct).ConfigureAwait(false));
    }

    private async Task<string?> ArchiveAsync(PromptVersion version, string change, CancellationToken ct)
    {
        try
        {
            await archive.RecordAsync(version, change, ct).ConfigureAwait(false);
            return null;
        }
        catch (Exception ex) when (ex is not OperationCanceledException || !ct.IsCancellationRequested)
        {
            return $"prompt archive: {ex.GetType().Name}: {ex.Message}";
        }
    }
}
