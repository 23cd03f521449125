namespace KisTrader.Core.Decisions;

/// <summary>Token use and cost of one LLM call.</summary>
public sealed record LlmUsage(string Model, int InputTokens, int OutputTokens, decimal CostUsd);

/// <summary>What a decision engine decided: zero or more orders with a summary. An empty plan (hold) is valid.</summary>
public sealed record TradingPlan(
    string Engine,
    IReadOnlyList<PlannedOrder> Orders,
    string Summary,
    int? PromptVersion = null,
    LlmUsage? Usage = null,
    string? Notice = null);

/// <summary>A plan that was refused as a whole (the call failed, the answer was not JSON or off the schema, or every
/// order was invalid), with every reason. Never repaired by guessing. For the run it is a failed decision.</summary>
public sealed record PlanRejection(string Engine, IReadOnlyList<string> Errors, string? RawOutput, LlmUsage? Usage = null)
{
    /// <summary>The first reason, in words ("the LLM call failed: connection refused"), for summaries and logs.</summary>
    [System.Text.Json.Serialization.JsonIgnore]
    public string Reason => Errors.Count == 0 ? "rejected" : Errors.Count == 1 ? Errors[0] : $"{Errors[0]} (+{Errors.Count - 1} more)";
}

/// <summary>Either a plan (possibly with some orders dropped, listed in <see cref="DroppedOrders"/>) or a rejection.</summary>
public sealed record DecisionResult(TradingPlan? Plan, PlanRejection? Rejection, IReadOnlyList<string> DroppedOrders)
{
    public static DecisionResult Accepted(TradingPlan plan, IReadOnlyList<string>? dropped = null) => new(plan, null, dropped ?? []);
    public static DecisionResult Rejected(PlanRejection rejection) => new(null, rejection, []);
}
