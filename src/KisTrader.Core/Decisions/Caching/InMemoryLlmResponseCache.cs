using System.Collections.Concurrent;

namespace KisTrader.Core.Decisions.Caching;

/// <summary>An <see cref="ILlmResponseCache"/> held in memory: for a backtest that need not outlive the process, and for
/// tests. Same contract as the database store (LlmResponseCacheContract runs against both).</summary>
public sealed class InMemoryLlmResponseCache : ILlmResponseCache
{
    private readonly ConcurrentDictionary<string, CachedLlmResponse> _entries = new(StringComparer.Ordinal);

    public int Count => _entries.Count;

    public Task<CachedLlmResponse?> GetAsync(string key, CancellationToken ct = default) =>
        Task.FromResult(_entries.TryGetValue(key, out var r) ? r : null);

    public Task<bool> PutAsync(CachedLlmResponse response, CancellationToken ct = default)
    {
        LlmResponseCacheRules.Validate(response);
        return Task.FromResult(_entries.TryAdd(response.Key, response));
    }
}
