using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.ComponentTests;

/// <summary>The reflection side's ports in memory: reports, rules, prompt versions and the service's decisions.</summary>
public sealed class FakeReflection : IReflectionReportStore, IStrategyRuleStore, IPromptStore, IReflectionService
{
    public List<ReflectionReport> Reports { get; } = [];
    public List<StrategyRule> Rules { get; } = [];
    public List<PromptVersion> Versions { get; } = [];
    public List<string> Calls { get; } = [];
    public ReflectionRunOutcome Outcome { get; set; } = new("run-1", "rep-new", "Completed", "reflected");

    Task IReflectionReportStore.SaveAsync(ReflectionReport report, CancellationToken ct) => throw new NotSupportedException();
    Task<ReflectionReport?> IReflectionReportStore.GetAsync(string reportId, CancellationToken ct) => Task.FromResult(Reports.FirstOrDefault(r => r.ReportId == reportId));
    Task<IReadOnlyList<ReflectionReport>> IReflectionReportStore.ListAsync(int count, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<ReflectionReport>>([.. Reports.OrderByDescending(r => r.CreatedAt).Take(count)]);

    Task IStrategyRuleStore.AddAsync(StrategyRule rule, CancellationToken ct) => throw new NotSupportedException();
    Task<bool> IStrategyRuleStore.UpdateAsync(StrategyRule rule, CancellationToken ct) => throw new NotSupportedException();
    Task<StrategyRule?> IStrategyRuleStore.GetAsync(string ruleId, CancellationToken ct) => Task.FromResult(Rules.FirstOrDefault(r => r.RuleId == ruleId));
    Task<IReadOnlyList<StrategyRule>> IStrategyRuleStore.GetManyAsync(IReadOnlyList<string> ruleIds, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StrategyRule>>([.. Rules.Where(r => ruleIds.Contains(r.RuleId))]);
    Task<IReadOnlyList<StrategyRule>> IStrategyRuleStore.ListAsync(string? reportId, RuleStatus? status, CancellationToken ct) =>
        Task.FromResult<IReadOnlyList<StrategyRule>>([.. Rules.Where(r => (reportId is null || r.ReportId == reportId) && (status is null || r.Status == status))]);

    Task<PromptVersion?> IPromptStore.GetActiveAsync(string promptName, CancellationToken ct) => Task.FromResult(Versions.FirstOrDefault(v => v.IsActive));
    Task<PromptVersion?> IPromptStore.GetAsync(string promptName, int version, CancellationToken ct) => Task.FromResult(Versions.FirstOrDefault(v => v.Version == version));
    Task<IReadOnlyList<PromptVersion>> IPromptStore.ListAsync(string promptName, CancellationToken ct) => Task.FromResult<IReadOnlyList<PromptVersion>>([.. Versions]);
    Task IPromptStore.AddAsync(PromptVersion version, CancellationToken ct) => throw new NotSupportedException();
    Task<bool> IPromptStore.ActivateAsync(string promptName, int version, CancellationToken ct) => throw new NotSupportedException();

    public Task<ReflectionRunOutcome> ReflectAsync(string trigger, CancellationToken ct = default)
    {
        Calls.Add("reflect:" + trigger);
        return Task.FromResult(Outcome);
    }

    public Task<ReflectionDecision> AdoptRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default)
    {
        Calls.Add($"adopt:{ruleId}:{user}:{reason}");
        return Task.FromResult(new ReflectionDecision(true, "adopted", 2));
    }

    public Task<ReflectionDecision> RejectRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default)
    {
        Calls.Add($"reject:{ruleId}:{user}:{reason}");
        return Task.FromResult(new ReflectionDecision(true, "rejected"));
    }

    public Task<ReflectionDecision> RetireRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default)
    {
        Calls.Add($"retire:{ruleId}:{user}:{reason}");
        return Task.FromResult(new ReflectionDecision(true, "retired", 3));
    }

    public Task<ReflectionDecision> ActivatePromptVersionAsync(int version, string user, string reason, CancellationToken ct = default)
    {
        Calls.Add($"activate:{version}:{user}:{reason}");
        for (var i = 0; i < Versions.Count; i++) Versions[i] = Versions[i] with { IsActive = Versions[i].Version == version };
        return Task.FromResult(new ReflectionDecision(true, $"v{version} active", version));
    }

    // No version stored: a baseline v1 without rules (what the real service seeds).
    public Task<PromptVersion> GetActivePromptAsync(CancellationToken ct = default) =>
        Task.FromResult(Versions.FirstOrDefault(v => v.IsActive) ?? Version(1, true, "baseline"));

    public static PromptVersion Version(int v, bool active, string text) => new()
    {
        PromptName = PromptVersion.DecisionPrompt, Version = v, Text = text, ParentVersion = v > 1 ? v - 1 : null, Reason = $"reason {v}",
        Author = v == 1 ? "baseline" : "reflection", CreatedAt = new DateTimeOffset(2026, 12, v, 0, 0, 0, TimeSpan.Zero), IsActive = active,
    };
}
