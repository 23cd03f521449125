namespace KisTrader.Core.Decisions.Caching;

/// <summary>Thrown by <see cref="CachingLlmClient"/> when it has no answer for a request and may not fetch one (replay
/// only, or the budget is spent). <see cref="LlmDecisionEngine"/> turns it into "no decision" (a rejection without a plan
/// and without a usage record, since nothing was billed): a missing answer is never invented.</summary>
public sealed class LlmResponseNotCachedException(string key, string reason) : Exception($"no cached LLM response ({reason})")
{
    public string Key { get; } = key;
    public string Reason { get; } = reason;
}
