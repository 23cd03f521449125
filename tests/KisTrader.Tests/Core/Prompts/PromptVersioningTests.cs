using KisTrader.Core.Decisions;
using KisTrader.Core.InMemory;
using KisTrader.Core.Prompts;
using KisTrader.Core.Rules;
using KisTrader.Testing;
using KisTrader.Tests.Core.Reflection.Fakes;

namespace KisTrader.Tests.Core.Prompts;

public sealed class PromptVersioningTests
{
    private static readonly string BaselinePath = Path.Combine(AppProcess.RepoRoot, "prompts", "core_decision_prompt.md");

    private readonly InMemoryPromptStore _store = new();
    private readonly InMemoryStrategyRuleStore _rules = new();
    private readonly RecordingArchive _archive = new();
    private readonly ActiveStrategyRules _active = new();
    private readonly PromptVersioning _versions;

    public PromptVersioningTests() =>
        _versions = new PromptVersioning(_store, _rules, _archive, _active, new FilePromptSource(BaselinePath),
            new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero)));

    internal static StrategyRule Rule(string id, string condition, RuleAction action = RuleAction.Block, int priority = 5) => new()
    {
        RuleId = id,
        Category = condition.Contains("SELL") ? RuleCategory.Exit : RuleCategory.Entry,
        Condition = condition,
        Action = action,
        SizeFactor = action == RuleAction.ReduceSize ? 0.5m : 1m,
        Priority = priority,
        Rationale = $"rationale of {id}",
        CreatedAt = new DateTimeOffset(2026, 11, 23, 7, 0, 0, TimeSpan.Zero),
        Status = RuleStatus.Adopted,
    };

    private async Task<StrategyRule> Stored(StrategyRule r)
    {
        await _rules.AddAsync(r);
        return r;
    }

    [Fact]
    public async Task Version_one_is_seeded_from_the_baseline_file_when_the_store_has_none()
    {
        var v = await _versions.GetActiveAsync();
        Assert.Equal((1, "baseline", true, (int?)null), (v.Version, v.Author, v.IsActive, v.ParentVersion));
        Assert.Equal(await File.ReadAllTextAsync(BaselinePath), v.Text);
        Assert.Empty(v.RuleIds);
        Assert.Single(_store.All);
        Assert.Single(_archive.Records);
        await _versions.GetActiveAsync();
        Assert.Single(_store.All);
    }

    [Fact]
    public async Task A_new_version_has_the_rules_between_the_markers_and_the_rest_of_the_text_unchanged()
    {
        var v1 = await _versions.GetActiveAsync();
        var rule = await Stored(Rule("R-20261123-01", "side == \"BUY\" and rsi14 >= 70"));
        var change = await _versions.CreateVersionAsync([rule], "reflection", "rsi14 ≥ 70 buys lost", "RP-1");
        var v2 = change.Version;

        Assert.Equal((2, 1, "reflection", "RP-1"), (v2.Version, v2.ParentVersion, v2.Author, v2.ReportId));
        Assert.Equal(["R-20261123-01"], v2.RuleIds);
        Assert.Equal(DynamicRulesRenderer.Render([rule]), DecisionPrompt.ExtractDynamicRules(v2.Text));
        Assert.Contains("side == \"BUY\" and rsi14 >= 70", DecisionPrompt.ExtractDynamicRules(v2.Text));
        Assert.Equal(Outside(v1.Text), Outside(v2.Text));
        Assert.False((await _store.GetAsync(PromptVersion.DecisionPrompt, 1))!.IsActive);
        Assert.True((await _store.GetActiveAsync(PromptVersion.DecisionPrompt))!.Version == 2);
        Assert.Equal(["R-20261123-01"], _active.Current.Select(r => r.RuleId));
        Assert.Contains(_archive.Records, r => r.Version == 2 && r.Change.StartsWith("created v2 from v1 by reflection"));
        Assert.Null(change.ArchiveError);
    }

    [Fact]
    public async Task Adding_rules_keeps_the_rules_already_enforced()
    {
        var a = await Stored(Rule("R-1", "side == \"BUY\" and rsi14 >= 70"));
        var b = await Stored(Rule("R-2", "side == \"BUY\" and change_pct >= 10"));
        await _versions.AddRulesAsync([a], "reflection", "first", null);
        var change = await _versions.AddRulesAsync([b], "admin", "second", null);
        Assert.Equal(["R-1", "R-2"], change.Version.RuleIds);
        Assert.Equal(3, change.Version.Version);
        Assert.Equal(2, _active.Current.Count);
    }

    [Fact]
    public async Task A_rollback_makes_the_older_versions_rules_the_enforced_set_again()
    {
        var a = await Stored(Rule("R-1", "side == \"BUY\" and rsi14 >= 70"));
        var b = await Stored(Rule("R-2", "side == \"BUY\" and change_pct >= 10"));
        await _versions.CreateVersionAsync([a], "reflection", "first", null);
        await _versions.CreateVersionAsync([a, b], "reflection", "second", null);
        Assert.Equal(2, _active.Current.Count);

        var back = await _versions.ActivateAsync(2, "admin", "R-2 blocked too much");
        Assert.NotNull(back);
        Assert.Equal(2, back.Version.Version);
        Assert.Equal(["R-1"], _active.Current.Select(r => r.RuleId));
        Assert.Equal(2, (await _store.GetActiveAsync(PromptVersion.DecisionPrompt))!.Version);
        Assert.Contains(_archive.Records, r => r.Version == 2 && r.Change.StartsWith("rolled back from v3 by admin"));

        await _versions.ActivateAsync(1, "admin", "back to the baseline");
        Assert.Empty(_active.Current);
        Assert.Null(await _versions.ActivateAsync(9, "admin", "no such version"));
    }

    [Fact]
    public async Task Start_up_loads_the_active_versions_rules()
    {
        var a = await Stored(Rule("R-1", "side == \"BUY\" and rsi14 >= 70"));
        await _versions.CreateVersionAsync([a], "reflection", "first", null);
        var fresh = new ActiveStrategyRules();
        var restarted = new PromptVersioning(_store, _rules, _archive, fresh, new FilePromptSource(BaselinePath), TimeProvider.System);
        var loaded = await restarted.LoadEnforcedRulesAsync();
        Assert.Equal(["R-1"], fresh.Current.Select(r => r.RuleId));
        Assert.Equal(2, loaded.Version.Version);
    }

    [Fact]
    public async Task Concurrent_creates_are_serialised_into_a_chain_of_versions()
    {
        _store.AddDelay = TimeSpan.FromMilliseconds(20);
        var rules = new List<StrategyRule>();
        for (var i = 1; i <= 4; i++) rules.Add(await Stored(Rule($"R-{i}", $"side == \"BUY\" and rsi14 >= {60 + i}")));
        await Task.WhenAll(rules.Select(r => Task.Run(() => _versions.AddRulesAsync([r], "reflection", r.RuleId, null))));

        var all = _store.All.OrderBy(v => v.Version).ToList();
        Assert.Equal([1, 2, 3, 4, 5], all.Select(v => v.Version));
        Assert.Equal([null, 1, 2, 3, 4], all.Select(v => v.ParentVersion));
        Assert.Single(all, v => v.IsActive);
        Assert.Equal(4, all[^1].RuleIds.Count);
        Assert.Equal(4, _active.Current.Count);
    }

    [Fact]
    public async Task An_archive_failure_is_reported_and_the_version_is_kept()
    {
        _archive.Fail = true;
        var a = await Stored(Rule("R-1", "side == \"BUY\" and rsi14 >= 70"));
        var change = await _versions.CreateVersionAsync([a], "reflection", "first", null);
        Assert.Contains("disk full", change.ArchiveError);
        Assert.Equal(2, (await _store.GetActiveAsync(PromptVersion.DecisionPrompt))!.Version);
    }

    [Fact]
    public async Task The_database_prompt_source_serves_the_active_version()
    {
        var source = new DbPromptSource(_versions);
        Assert.Equal(1, (await source.GetActiveAsync()).Version);
        var a = await Stored(Rule("R-1", "side == \"BUY\" and rsi14 >= 70"));
        await _versions.CreateVersionAsync([a], "reflection", "first", null);
        var text = await source.GetActiveAsync();
        Assert.Equal(2, text.Version);
        Assert.Contains("R-1", new DecisionPrompt(text.Text).DynamicRules);
    }

    private static string Outside(string text)
    {
        var start = text.IndexOf(DecisionPrompt.RulesStart, StringComparison.Ordinal);
        var end = text.IndexOf(DecisionPrompt.RulesEnd, StringComparison.Ordinal);
        return text[..start] + text[end..];
    }
}
