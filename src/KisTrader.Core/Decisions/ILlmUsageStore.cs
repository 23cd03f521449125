namespace KisTrader.Core.Decisions;

/// <summary>Outcome of one LLM decision call, as recorded with its usage.</summary>
public static class LlmOutcome
{
    public const string Accepted = "accepted";
    public const string Rejected = "rejected";
    public const string Error = "error";
    public const string Timeout = "timeout";
}

/// <summary>One LLM call: when, which model, tokens, cost in USD, the graph run and the outcome.</summary>
public sealed record LlmUsageRecord(DateTimeOffset At, string Model, int InputTokens, int OutputTokens, decimal CostUsd, string? RunId, string Outcome);

/// <summary>Where LLM usage is kept (table llm_usage). The selector reads the month's cost against the budget.</summary>
public interface ILlmUsageStore
{
    Task AddAsync(LlmUsageRecord usage, CancellationToken ct = default);

    /// <summary>Total cost of calls at or after <paramref name="since"/>.</summary>
    Task<decimal> GetCostSinceAsync(DateTimeOffset since, CancellationToken ct = default);

    /// <summary>The most recent calls, newest first.</summary>
    Task<IReadOnlyList<LlmUsageRecord>> GetRecentAsync(int count, CancellationToken ct = default);
}
