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

/// <summary>A plan that was refused as a whole (malformed, unparseable, or every order invalid), with every reason.
/// Never repaired by guessing.</summary>
public sealed record PlanRejection(string Engine, IReadOnlyList<string> Errors, string? RawOutput, LlmUsage? Usage = null);

/// <summary>Either a plan (possibly with some orders dropped, listed in <see cref="DroppedOrders"/>) or a rejection.</summary>
public sealed record DecisionResult(TradingPlan? Plan, PlanRejection? Rejection, IReadOnlyList<string> DroppedOrders)
{
    public static DecisionResult Accepted(TradingPlan plan, IReadOnlyList<string>? dropped = null) => new(plan, null, dropped ?? []);
    public static DecisionResult Rejected(PlanRejection rejection) => new(null, rejection, []);
}
