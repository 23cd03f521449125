using KisTrader.Core.Decisions;

namespace KisTrader.Core.Rules;

/// <summary>What an active strategy rule does to an order it matches. Rules can only restrict trading.</summary>
public enum RuleAction
{
    Block,
    ReduceSize,
    RequireApproval,
}

/// <summary>The outcome of the matching active rules (the most restrictive wins; see <see cref="IStrategyRules"/>).
/// SizeFactor (0..1) applies to ReduceSize.</summary>
public sealed record RuleMatch(string RuleId, RuleAction Action, string Reason, decimal SizeFactor = 1m);

/// <summary>The enforced strategy rules (those of the active prompt version). The risk engine enforces them, so a rule
/// holds even when an LLM ignores the prompt. The default set is empty.</summary>
public interface IStrategyRules
{
    /// <summary>null when no enforced rule matches the order; else the combined outcome: any Block blocks; otherwise the
    /// smallest SizeFactor of the matching ReduceSize rules applies and any RequireApproval requires approval (then the
    /// action is RequireApproval and SizeFactor still carries the reduction, which the risk engine applies too).</summary>
    RuleMatch? Match(PlannedOrder order, RuleFeatures features);
}

public sealed class NoStrategyRules : IStrategyRules
{
    public static readonly NoStrategyRules Instance = new();

    public RuleMatch? Match(PlannedOrder order, RuleFeatures features) => null;
}
