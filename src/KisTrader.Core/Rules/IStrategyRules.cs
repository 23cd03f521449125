using KisTrader.Core.Decisions;
using KisTrader.Core.Market;

namespace KisTrader.Core.Rules;

/// <summary>What an active strategy rule does to an order it matches. Rules can only restrict trading.</summary>
public enum RuleAction
{
    Block,
    ReduceSize,
    RequireApproval,
}

/// <summary>The outcome of the first matching active rule. SizeFactor (0..1) applies to ReduceSize.</summary>
public sealed record RuleMatch(string RuleId, RuleAction Action, string Reason, decimal SizeFactor = 1m);

/// <summary>The active strategy rules (written by the reflection graph). The risk engine enforces them, so a rule
/// holds even when an LLM ignores the prompt. The default set is empty.</summary>
public interface IStrategyRules
{
    RuleMatch? Match(PlannedOrder order, TickerAnalysis? analysis);
}

public sealed class NoStrategyRules : IStrategyRules
{
    public static readonly NoStrategyRules Instance = new();

    public RuleMatch? Match(PlannedOrder order, TickerAnalysis? analysis) => null;
}
