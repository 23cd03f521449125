namespace KisTrader.Core.Decisions;

/// <summary>What survived <see cref="DecisionGuard"/>: valid orders, the dropped ones with reasons, and the plan's
/// free text (control characters stripped; data, never instructions).</summary>
public sealed record GuardedPlan(IReadOnlyList<PlannedOrder> Orders, IReadOnlyList<string> Dropped, string MarketView, string HoldReason);

/// <summary>Either a guarded plan or the errors that reject the plan whole.</summary>
public sealed record GuardOutcome(GuardedPlan? Plan, IReadOnlyList<string> Errors)
{
    public bool Rejected => Plan is null;

    public static GuardOutcome Reject(params string[] errors) => new(null, errors);

    /// <summary>Turns the outcome into the engine's result: a rejection when the plan is malformed or every proposed order
    /// was dropped; otherwise a plan (an empty order list is a valid hold) with the dropped orders listed.</summary>
    public DecisionResult ToResult(string engine, string? rawOutput, LlmUsage? usage = null, int? promptVersion = null, string? notice = null)
    {
        if (Plan is null) return DecisionResult.Rejected(new PlanRejection(engine, Errors, rawOutput, usage));
        if (Plan.Orders.Count == 0 && Plan.Dropped.Count > 0)
            return DecisionResult.Rejected(new PlanRejection(engine, ["every proposed order was invalid", .. Plan.Dropped], rawOutput, usage));
        var summary = Plan.Orders.Count == 0 && Plan.HoldReason.Length > 0 ? $"{Plan.MarketView} Hold: {Plan.HoldReason}".Trim() : Plan.MarketView;
        return DecisionResult.Accepted(new TradingPlan(engine, Plan.Orders, summary, promptVersion, usage, notice), Plan.Dropped);
    }
}
