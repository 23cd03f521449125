using System.Collections.Concurrent;
using KisTrader.Core.Errors;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.Core.InMemory;

/// <summary>Prompt versions in memory (a reflection over a backtest's record), numbered and activated like the EF store.</summary>
public sealed class InMemoryPromptVersionStore : IPromptStore
{
    private readonly Lock _lock = new();
    private readonly List<PromptVersion> _versions = [];

    /// <summary>Every version of every prompt, as stored now.</summary>
    public IReadOnlyList<PromptVersion> All
    {
        get { lock (_lock) return [.. _versions]; }
    }

    public Task<PromptVersion?> GetActiveAsync(string promptName, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_versions.SingleOrDefault(v => v.PromptName == promptName && v.IsActive));
    }

    public Task<PromptVersion?> GetAsync(string promptName, int version, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_versions.SingleOrDefault(v => v.PromptName == promptName && v.Version == version));
    }

    public Task<IReadOnlyList<PromptVersion>> ListAsync(string promptName, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<PromptVersion>>([.. _versions.Where(v => v.PromptName == promptName).OrderByDescending(v => v.Version)]);
    }

    public Task AddAsync(PromptVersion version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(version);
        lock (_lock)
        {
            var max = _versions.Where(v => v.PromptName == version.PromptName).Select(v => v.Version).DefaultIfEmpty(0).Max();
            if (version.Version != max + 1) throw new TradingSystemException($"prompt version {version.Version} is not the next one ({max + 1})");
            if (version.IsActive)
                for (var i = 0; i < _versions.Count; i++)
                    if (_versions[i].PromptName == version.PromptName) _versions[i] = _versions[i] with { IsActive = false };
            _versions.Add(version);
        }
        return Task.CompletedTask;
    }

    public Task<bool> ActivateAsync(string promptName, int version, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_versions.Any(v => v.PromptName == promptName && v.Version == version)) return Task.FromResult(false);
            for (var i = 0; i < _versions.Count; i++)
                if (_versions[i].PromptName == promptName) _versions[i] = _versions[i] with { IsActive = _versions[i].Version == version };
            return Task.FromResult(true);
        }
    }
}

/// <summary>Strategy rules in memory; ids are unique as in the EF store.</summary>
public sealed class InMemoryStrategyRuleStore : IStrategyRuleStore
{
    private readonly ConcurrentDictionary<string, StrategyRule> _rules = new(StringComparer.Ordinal);

    public Task AddAsync(StrategyRule rule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        return _rules.TryAdd(rule.RuleId, rule) ? Task.CompletedTask : throw new TradingSystemException($"rule id {rule.RuleId} is taken");
    }

    public Task<bool> UpdateAsync(StrategyRule rule, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(rule);
        if (!_rules.ContainsKey(rule.RuleId)) return Task.FromResult(false);
        _rules[rule.RuleId] = rule;
        return Task.FromResult(true);
    }

    public Task<StrategyRule?> GetAsync(string ruleId, CancellationToken ct = default) => Task.FromResult(_rules.GetValueOrDefault(ruleId));

    public Task<IReadOnlyList<StrategyRule>> GetManyAsync(IReadOnlyList<string> ruleIds, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StrategyRule>>([.. ruleIds.Where(_rules.ContainsKey).Select(id => _rules[id])]);

    public Task<IReadOnlyList<StrategyRule>> ListAsync(string? reportId = null, RuleStatus? status = null, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StrategyRule>>([.. _rules.Values
            .Where(r => reportId is null || r.ReportId == reportId)
            .Where(r => status is null || r.Status == status)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RuleId, StringComparer.Ordinal)]);
}

/// <summary>Reflection reports in memory: the latest save of each report.</summary>
public sealed class InMemoryReflectionReportStore : IReflectionReportStore
{
    private readonly ConcurrentDictionary<string, ReflectionReport> _reports = new(StringComparer.Ordinal);

    public Task SaveAsync(ReflectionReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        _reports[report.ReportId] = report;
        return Task.CompletedTask;
    }

    public Task<ReflectionReport?> GetAsync(string reportId, CancellationToken ct = default) => Task.FromResult(_reports.GetValueOrDefault(reportId));

    public Task<IReadOnlyList<ReflectionReport>> ListAsync(int count = 50, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ReflectionReport>>([.. _reports.Values.OrderByDescending(r => r.CreatedAt).Take(count)]);
}
