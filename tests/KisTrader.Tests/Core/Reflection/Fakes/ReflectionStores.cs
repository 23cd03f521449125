using System.Collections.Concurrent;
using KisTrader.Core.Errors;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Reflection.Fakes;

internal sealed class InMemoryPromptStore : IPromptStore
{
    private readonly Lock _lock = new();
    private readonly List<PromptVersion> _versions = [];
    /// <summary>Widens the window between reading and adding, to expose unserialised changes.</summary>
    public TimeSpan AddDelay { get; set; }

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

    public async Task AddAsync(PromptVersion version, CancellationToken ct = default)
    {
        if (AddDelay > TimeSpan.Zero) await Task.Delay(AddDelay, ct);
        lock (_lock)
        {
            var max = _versions.Where(v => v.PromptName == version.PromptName).Select(v => v.Version).DefaultIfEmpty(0).Max();
            if (version.Version != max + 1) throw new TradingSystemException($"prompt version {version.Version} is not the next one ({max + 1})");
            if (version.IsActive)
                for (var i = 0; i < _versions.Count; i++)
                    if (_versions[i].PromptName == version.PromptName) _versions[i] = _versions[i] with { IsActive = false };
            _versions.Add(version);
        }
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

internal sealed class InMemoryRuleStore : IStrategyRuleStore
{
    public readonly ConcurrentDictionary<string, StrategyRule> Rules = new();

    public Task AddAsync(StrategyRule rule, CancellationToken ct = default) =>
        Rules.TryAdd(rule.RuleId, rule) ? Task.CompletedTask : throw new TradingSystemException($"rule id {rule.RuleId} is taken");

    public Task<bool> UpdateAsync(StrategyRule rule, CancellationToken ct = default)
    {
        if (!Rules.ContainsKey(rule.RuleId)) return Task.FromResult(false);
        Rules[rule.RuleId] = rule;
        return Task.FromResult(true);
    }

    public Task<StrategyRule?> GetAsync(string ruleId, CancellationToken ct = default) => Task.FromResult(Rules.GetValueOrDefault(ruleId));

    public Task<IReadOnlyList<StrategyRule>> GetManyAsync(IReadOnlyList<string> ruleIds, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StrategyRule>>([.. ruleIds.Where(Rules.ContainsKey).Select(id => Rules[id])]);

    public Task<IReadOnlyList<StrategyRule>> ListAsync(string? reportId = null, RuleStatus? status = null, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<StrategyRule>>([.. Rules.Values
            .Where(r => reportId is null || r.ReportId == reportId)
            .Where(r => status is null || r.Status == status)
            .OrderByDescending(r => r.CreatedAt).ThenByDescending(r => r.RuleId, StringComparer.Ordinal)]);
}

internal sealed class InMemoryReportStore : IReflectionReportStore
{
    public readonly ConcurrentDictionary<string, ReflectionReport> Reports = new();
    /// <summary>Every save in order (Running, …, Completed).</summary>
    public readonly ConcurrentQueue<ReflectionReport> Saves = new();

    public Task SaveAsync(ReflectionReport report, CancellationToken ct = default)
    {
        Reports[report.ReportId] = report;
        Saves.Enqueue(report);
        return Task.CompletedTask;
    }

    public Task<ReflectionReport?> GetAsync(string reportId, CancellationToken ct = default) => Task.FromResult(Reports.GetValueOrDefault(reportId));

    public Task<IReadOnlyList<ReflectionReport>> ListAsync(int count = 50, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<ReflectionReport>>([.. Reports.Values.OrderByDescending(r => r.CreatedAt).Take(count)]);
}

internal sealed class RecordingArchive : IPromptArchive
{
    public readonly ConcurrentQueue<(int Version, string Change)> Records = new();
    public bool Fail { get; set; }

    public Task RecordAsync(PromptVersion version, string change, CancellationToken ct = default)
    {
        if (Fail) throw new IOException("disk full");
        Records.Enqueue((version.Version, change));
        return Task.CompletedTask;
    }
}
