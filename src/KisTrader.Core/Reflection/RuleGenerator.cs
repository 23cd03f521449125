using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>
/// M3's first step: the losing insights (average return below 0 and more losers than winners), best score first, up
/// to MaxRulesPerRun, become rule proposals: Block when the loss rate is at least 0.8, ReduceSize ×0.5 when at least
/// 0.6, else RequireApproval. BUY insights become entry rules, SELL insights exit rules, their condition prefixed with
/// the side. Priority 10 for the best-ranked, 9 for the next, …, never below 1. The rationale cites the numbers.
/// </summary>
public static class RuleGenerator
{
    public const decimal BlockLossRate = 0.8m;
    public const decimal ReduceLossRate = 0.6m;
    public const decimal ReduceFactor = 0.5m;

    public static bool IsLosing(Insight i) => i.AverageReturnPercent < 0m && i.Losers > i.Winners;

    public static IReadOnlyList<RuleProposal> Generate(IReadOnlyList<Insight> insights, int maxRules)
    {
        var proposals = new List<RuleProposal>();
        var conditions = new HashSet<string>(StringComparer.Ordinal);
        foreach (var insight in insights.Where(IsLosing).OrderByDescending(i => i.Score).ThenBy(i => i.InsightId, StringComparer.Ordinal))
        {
            if (proposals.Count >= maxRules) break;
            var condition = WithSide(insight.Side, insight.Condition);
            if (!conditions.Add(condition)) continue;
            var lossRate = insight.LossRate;
            // A sell is never blocked or shrunk (the risk engine would not anyway): a losing exit pattern asks for approval.
            var (action, factor) = insight.Side != "BUY" ? ("require_approval", (decimal?)null)
                : lossRate >= BlockLossRate ? ("block", (decimal?)null)
                : lossRate >= ReduceLossRate ? ("reduce_size", ReduceFactor)
                : ("require_approval", (decimal?)null);
            proposals.Add(new RuleProposal(
                insight.Side == "BUY" ? "entry" : "exit",
                condition,
                action,
                factor,
                Math.Max(1, 10 - proposals.Count),
                Rationale(insight),
                insight.InsightId));
        }
        return proposals;
    }

    /// <summary><c>side == "BUY" and …</c>, with the condition in parentheses when it has an <c>or</c> of its own.</summary>
    public static string WithSide(string side, string condition)
    {
        var c = condition.Trim();
        var inner = c.Contains(" or ", StringComparison.Ordinal) ? $"({c})" : c;
        return $"side == \"{side}\" and {inner}";
    }

    private static string Rationale(Insight i) =>
        $"{i.Description}; {i.Losers} of {i.Trades} lost (loss rate {(i.LossRate * 100m).ToString("0", CultureInfo.InvariantCulture)}%), " +
        $"net {i.NetPnl.ToString("#,0", CultureInfo.InvariantCulture)} KRW; score {i.Score.ToString("0.####", CultureInfo.InvariantCulture)} " +
        $"(insight {i.InsightId}, {i.Source})";
}
