using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>
/// Replays a rule over every recorded outcome of the look-back: the trades it matches, the losers and winners it would
/// have stopped, the loss avoided and the profit missed (net of costs). Block counts a matched trade whole;
/// ReduceSize counts (1 − factor) of it (the part not traded) and counts it as blocked; RequireApproval counts
/// nothing but the match (an admin would have decided).
/// </summary>
public static class ShadowEvaluator
{
    public static ShadowResult Evaluate(RuleAction action, decimal sizeFactor, Func<RuleFeatures, bool> matches, IReadOnlyList<TradeOutcome> outcomes)
    {
        var share = action switch
        {
            RuleAction.Block => 1m,
            RuleAction.ReduceSize => 1m - Math.Clamp(sizeFactor, 0m, 1m),
            _ => 0m,
        };
        int matched = 0, blockedLosers = 0, blockedWinners = 0;
        decimal avoided = 0m, missed = 0m;
        var ids = new List<string>();
        foreach (var o in outcomes)
        {
            if (!matches(o.Features)) continue;
            matched++;
            ids.Add(o.TradeId);
            if (share == 0m) continue;
            if (o.NetPnl < 0m)
            {
                blockedLosers++;
                avoided += -o.NetPnl * share;
            }
            else if (o.NetPnl > 0m)
            {
                blockedWinners++;
                missed += o.NetPnl * share;
            }
        }
        return new ShadowResult(outcomes.Count, matched, blockedLosers, blockedWinners, avoided, missed, ids);
    }

    public static ShadowResult Evaluate(StrategyRule rule, RuleExpression expression, IReadOnlyList<TradeOutcome> outcomes) =>
        Evaluate(rule.Action, rule.SizeFactor, expression.Evaluate, outcomes);
}
