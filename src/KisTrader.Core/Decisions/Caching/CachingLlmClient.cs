namespace KisTrader.Core.Decisions.Caching;

/// <summary>
/// An <see cref="ILlmClient"/> for backtests that answers from <see cref="ILlmResponseCache"/> by the request's full key
/// (<see cref="LlmCacheKey"/>), so the same backtest can be repeated at no cost. On a miss it either refuses
/// (<see cref="LlmCacheMode.ReplayOnly"/>, or the budget is spent) by throwing <see cref="LlmResponseNotCachedException"/>,
/// or calls the inner client and stores its answer. Only answers of calls that succeeded are stored; a call that failed
/// (<see cref="LlmCallException"/>, timeout) is passed through and not stored, so a later run may try again. An answer the
/// schema guard later rejects stays stored: it is what the model said, and replaying it must reject it the same way.
/// Not for live trading (nothing in the web app registers it). Safe to share between parallel runs; two identical
/// requests missing at the same moment may both be fetched (both count against the budget), and the first stored wins.
/// </summary>
public sealed class CachingLlmClient(ILlmClient inner, ILlmResponseCache cache, TimeProvider time, LlmCacheOptions? options = null) : ILlmClient
{
    private readonly LlmCacheOptions _o = options ?? new LlmCacheOptions();
    private readonly Lock _gate = new();
    private int _hits, _fetched, _refused, _callsStarted;
    private long _tokens;

    public LlmCacheCounters Counters
    {
        get { lock (_gate) return new(_hits, _fetched, _refused, _tokens); }
    }

    public async Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct)
    {
        var key = LlmCacheKey.Compute(_o.Model, systemPrompt, userPrompt, jsonSchemaName, jsonSchema);
        var cached = await cache.GetAsync(key, ct).ConfigureAwait(false);
        if (cached is not null)
        {
            lock (_gate) _hits++;
            return cached.ToCompletion();
        }

        var refusal = Reserve();
        if (refusal is not null)
            throw new LlmResponseNotCachedException(key, refusal);

        // A call that fails throws through and stores nothing; its slot stays taken (it may have been billed).
        var completion = await inner.CompleteJsonAsync(systemPrompt, userPrompt, jsonSchemaName, jsonSchema, ct).ConfigureAwait(false);

        lock (_gate)
        {
            _fetched++;
            _tokens += (long)completion.InputTokens + completion.OutputTokens;
        }
        await cache.PutAsync(new CachedLlmResponse(key, completion.Model, time.GetUtcNow(), completion.Content,
            completion.InputTokens, completion.OutputTokens), CancellationToken.None).ConfigureAwait(false);
        return completion;
    }

    /// <summary>Takes one call from the budget, or says why not (and counts the refusal).</summary>
    private string? Reserve()
    {
        lock (_gate)
        {
            string? refusal = null;
            if (_o.Mode == LlmCacheMode.ReplayOnly)
                refusal = "replay only";
            else if (_o.MaxCalls is { } calls && _callsStarted >= calls)
                refusal = $"call budget of {calls} spent";
            else if (_o.MaxTokens is { } tokens && _tokens >= tokens)
                refusal = $"token budget of {tokens} spent";

            if (refusal is null) _callsStarted++;
            else _refused++;
            return refusal;
        }
    }
}
