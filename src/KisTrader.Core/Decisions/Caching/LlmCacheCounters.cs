namespace KisTrader.Core.Decisions.Caching;

/// <summary>What a <see cref="CachingLlmClient"/> did so far: answers replayed from the cache, misses fetched from the
/// model (with their tokens) and misses refused (no decision).</summary>
public sealed record LlmCacheCounters(int Hits, int MissesFetched, int MissesRefused, long TokensFetched);
