namespace KisTrader.Core.Decisions.Caching;

/// <summary>One stored completion, under the key of the request that produced it (see <see cref="LlmCacheKey"/>).</summary>
public sealed record CachedLlmResponse(string Key, string Model, DateTimeOffset CreatedAt, string Content, int InputTokens, int OutputTokens)
{
    public LlmCompletion ToCompletion() => new(Content, Model, InputTokens, OutputTokens);
}

/// <summary>Stored LLM answers by request key, so a backtest can be replayed without calling (or paying for) the model
/// again. Implemented over the database (table llm_response_cache) and in memory. Putting a key that is already stored
/// keeps the first answer: a replay must see what the model said the first time.</summary>
public interface ILlmResponseCache
{
    Task<CachedLlmResponse?> GetAsync(string key, CancellationToken ct = default);

    /// <summary>Stores <paramref name="response"/> unless its key is already stored; returns whether it was added.</summary>
    Task<bool> PutAsync(CachedLlmResponse response, CancellationToken ct = default);
}
