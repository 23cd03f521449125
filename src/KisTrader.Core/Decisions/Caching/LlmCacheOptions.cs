namespace KisTrader.Core.Decisions.Caching;

/// <summary>What <see cref="CachingLlmClient"/> does on a miss.</summary>
public enum LlmCacheMode
{
    /// <summary>Never call the model: a miss is "no decision" (<see cref="LlmResponseNotCachedException"/>).</summary>
    ReplayOnly,
    /// <summary>Call the model on a miss while the budget allows, then store the answer; beyond it, "no decision".</summary>
    FetchWithinBudget,
}

/// <summary>How a <see cref="CachingLlmClient"/> behaves. <see cref="Model"/> is part of the key: the model the inner
/// client is configured for (a different model must not replay another's answers); "" when unknown.</summary>
public sealed record LlmCacheOptions
{
    public LlmCacheMode Mode { get; init; } = LlmCacheMode.ReplayOnly;
    public string Model { get; init; } = "";
    /// <summary>At most this many calls to the model (FetchWithinBudget); null: no limit on calls.</summary>
    public int? MaxCalls { get; init; }
    /// <summary>No further call once this many tokens (input + output) were spent (FetchWithinBudget); null: no limit.
    /// A call's size is only known after it, so the last call may take the total past the limit.</summary>
    public long? MaxTokens { get; init; }
}
