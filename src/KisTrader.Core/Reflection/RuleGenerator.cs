using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>
/// M3's first step: the losing insights (average return below 0 and more losers than winners), best score first, up
/// to MaxRulesPerRun, become rule proposals in the category the insight's feature is about
/// (<see cref="CategoryOf"/>): the position's or the order's weight, adding to a held position and the traded volume make
/// <b>sizing</b> rules, the
/// clock and the market's mood <b>risk</b> rules, everything about the ticker's price <b>entry</b> rules; SELL insights
/// are always <b>exit</b> rules. Every condition is prefixed with the insight's side. Actions, for a BUY pattern:
/// Block when the loss rate is at least 0.8 or the average return −8% or worse (for sizing, only a weight cap blocks:
/// "never take a name above X%"; a losing ceiling on a position's weight, "position_weight_after_pct &gt;= X", or adding
/// to a held position at all, "held", is such a cap at any loss rate); ReduceSize when the loss rate is at least 0.6 or the average −4% or worse (×0.5, or
/// for a sizing rule the share that did not lose, 1 − loss rate, rounded to 0.1 and kept within 0.1–0.5); else
/// RequireApproval. A SELL pattern only ever asks for approval. Nothing generated
/// can loosen anything: the actions only block, shrink (factor strictly below 1) or ask an admin, and the risk limits
/// are checked whatever the rules say. Priority 10 for the best-ranked, 9 for the next, …, never below 1. The rationale
/// cites the numbers.
/// </summary>
public static class RuleGenerator
{
    public const decimal BlockLossRate = 0.8m;
    public const decimal ReduceLossRate = 0.6m;
    public const decimal ReduceFactor = 0.5m;
    /// <summary>A pattern losing this much on average (in %) is blocked (or, below <see cref="ReduceAverageReturnPercent"/>,
    /// shrunk) even when some of its trades won: a few small wins do not make a −8% average acceptable.</summary>
    public const decimal BlockAverageReturnPercent = -8m;
    public const decimal ReduceAverageReturnPercent = -4m;
    /// <summary>The smallest share a generated sizing rule keeps: shrinking further is a block, which a sizing rule on
    /// volume does not claim.</summary>
    public const decimal MinSizingFactor = 0.1m;

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
            var category = insight.Side == "BUY" ? CategoryOf(insight.Feature) : RuleCategory.Exit;
            var (action, factor) = ActionOf(insight, category);
            proposals.Add(new RuleProposal(
                RuleWords.Of(category),
                condition,
                action,
                factor,
                Math.Max(1, 10 - proposals.Count),
                Rationale(insight),
                insight.InsightId));
        }
        return proposals;
    }

    /// <summary>The category a BUY insight on <paramref name="feature"/> makes (a SELL insight always makes an exit rule).</summary>
    public static RuleCategory CategoryOf(string feature) => feature switch
    {
        "position_weight_after_pct" or "position_weight_pct" or "order_weight_pct" or "order_value_krw"
            or "prev_volume_ratio" or "volume_surge" or "volume" or "held" => RuleCategory.Sizing,
        "minutes_to_close" or "minutes_since_open" or "hour_kst" or "weekday"
            or "sentiment" or "cash_weight_pct" or "positions" => RuleCategory.Risk,
        _ => RuleCategory.Entry,
    };

    /// <summary>Weight features: a losing pattern in them is capped (blocked) rather than shrunk.</summary>
    private static bool IsWeight(string feature) => feature is "position_weight_after_pct" or "position_weight_pct" or "order_weight_pct";

    /// <summary>A ceiling on one name's concentration: "position_weight_after_pct &gt;= x" or "position_weight_pct &gt;= x"
    /// alone (not a band or a floor), or "held" (adding to a position at all: the lowest ceiling there is).</summary>
    private static bool IsConcentrationCap(Insight insight) =>
        (insight.Feature == "held" && insight.Condition.Trim() == "held")
        || (insight.Feature is "position_weight_after_pct" or "position_weight_pct"
            && insight.Condition.StartsWith(insight.Feature + " >= ", StringComparison.Ordinal)
            && !insight.Condition.Contains(" and ", StringComparison.Ordinal) && !insight.Condition.Contains(" or ", StringComparison.Ordinal));

    private static (string Action, decimal? Factor) ActionOf(Insight insight, RuleCategory category)
    {
        var lossRate = insight.LossRate;
        var blocks = lossRate >= BlockLossRate || insight.AverageReturnPercent <= BlockAverageReturnPercent;
        var reduces = lossRate >= ReduceLossRate || insight.AverageReturnPercent <= ReduceAverageReturnPercent;
        // A sell is never blocked or shrunk (the risk engine would not anyway): a losing exit pattern asks for approval.
        if (insight.Side != "BUY") return ("require_approval", null);
        if (category == RuleCategory.Sizing)
        {
            // A cap on one name's weight: the record lost on net above it (a losing insight), so stop adding there. It
            // leaves every entry below the cap alone, and concentration is what turns one gap or one thin exit into a
            // large loss, so it does not wait for a high loss rate.
            if (IsConcentrationCap(insight)) return ("block", null);
            if (blocks && IsWeight(insight.Feature)) return ("block", null);
            if (reduces)
                return ("reduce_size", Math.Clamp(Math.Round(1m - lossRate, 1, MidpointRounding.AwayFromZero), MinSizingFactor, ReduceFactor));
            return ("require_approval", null);
        }
        return blocks ? ("block", null)
            : reduces ? ("reduce_size", ReduceFactor)
            : ("require_approval", null);
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
