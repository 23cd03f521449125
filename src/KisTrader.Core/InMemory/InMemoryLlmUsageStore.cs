using KisTrader.Core.Decisions;

namespace KisTrader.Core.InMemory;

/// <summary>LLM usage in memory: a backtest's calls are counted here, never against the live month's budget.</summary>
public sealed class InMemoryLlmUsageStore : ILlmUsageStore
{
    private readonly List<LlmUsageRecord> _records = [];
    private readonly Lock _lock = new();

    public IReadOnlyList<LlmUsageRecord> Records
    {
        get { lock (_lock) return [.. _records]; }
    }

    public Task AddAsync(LlmUsageRecord usage, CancellationToken ct = default)
    {
        lock (_lock) _records.Add(usage);
        return Task.CompletedTask;
    }

    public Task<decimal> GetCostSinceAsync(DateTimeOffset since, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_records.Where(r => r.At >= since).Sum(r => r.CostUsd));
    }

    public Task<IReadOnlyList<LlmUsageRecord>> GetRecentAsync(int count, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult<IReadOnlyList<LlmUsageRecord>>([.. _records.AsEnumerable().Reverse().Take(count)]);
    }
}
