using System.Collections.Concurrent;
using KisTrader.Core.Decisions;

namespace KisTrader.Tests.Llm;

internal sealed class InMemoryLlmUsageStore : ILlmUsageStore
{
    public ConcurrentQueue<LlmUsageRecord> Records { get; } = new();

    public Task AddAsync(LlmUsageRecord usage, CancellationToken ct = default)
    {
        Records.Enqueue(usage);
        return Task.CompletedTask;
    }

    public Task<decimal> GetCostSinceAsync(DateTimeOffset since, CancellationToken ct = default) =>
        Task.FromResult(Records.Where(r => r.At >= since).Sum(r => r.CostUsd));

    public Task<IReadOnlyList<LlmUsageRecord>> GetRecentAsync(int count, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<LlmUsageRecord>>(Records.Reverse().Take(count).ToList());
}
