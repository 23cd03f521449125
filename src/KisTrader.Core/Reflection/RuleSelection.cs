using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>A rule the adoption policy would adopt on its own: its id, its action and its condition to replay.</summary>
public sealed record SelectionCandidate(string Id, RuleAction Action, decimal SizeFactor, Func<RuleFeatures, bool> Matches)
{
    public SelectionCandidate(StrategyRule rule, Func<RuleFeatures, bool> matches) : this(rule.RuleId, rule.Action, rule.SizeFactor, matches) { }
}

/// <summary>What a rule adds on top of the rules picked before it: the net of the loss it would still avoid and the
/// profit it would still miss (KRW), and how many recorded trades it changes that those rules leave as they are.</summary>
public sealed record MarginalEffect(decimal NetEffectKrw, int TradesChanged);

/// <summary>
/// Which of one run's adoptable rules are adopted together. Each rule's shadow replay is judged alone; several rules
/// on the same losing trades would each look good alone and add little together (one mistake, several overlapping
/// rules), while a stronger rule on a subset of a broader one (a weight cap inside a halving) still adds. So the rules
/// are picked greedily: each time the one whose replay <i>on top of those picked so far</i> nets the most, as long as it
/// nets more than nothing and changes at least MinTrades recorded trades that the picked rules leave as they are. The
/// replay combines rules as the risk engine does: a block wins, else the smallest size factor applies.
/// </summary>
public static class RuleSelection
{
    /// <summary>The rule ids picked, in order, and for each one not picked the reason (naming the picked rules that
    /// already cover its trades).</summary>
    public static (IReadOnlyList<string> Picked, IReadOnlyDictionary<string, string> NotPicked) Select(
        IReadOnlyList<SelectionCandidate> candidates, IReadOnlyList<TradeOutcome> outcomes, int minTrades)
    {
        ArgumentNullException.ThrowIfNull(candidates);
        ArgumentNullException.ThrowIfNull(outcomes);
        // The share of each recorded trade still traded under the rules picked so far (1 = untouched).
        var kept = outcomes.Select(_ => 1m).ToArray();
        var matches = candidates.Select(c => outcomes.Select(o => c.Matches(o.Features)).ToArray()).ToArray();
        var picked = new List<int>();
        var remaining = Enumerable.Range(0, candidates.Count).ToList();
        while (remaining.Count > 0)
        {
            var best = -1;
            var bestEffect = new MarginalEffect(0m, 0);
            foreach (var i in remaining)
            {
                var effect = Marginal(candidates[i], matches[i], outcomes, kept);
                if (effect.TradesChanged >= Math.Max(1, minTrades) && effect.NetEffectKrw > bestEffect.NetEffectKrw)
                    (best, bestEffect) = (i, effect);
            }
            if (best < 0) break;
            picked.Add(best);
            remaining.Remove(best);
            var keep = Keep(candidates[best]);
            for (var o = 0; o < outcomes.Count; o++)
                if (matches[best][o]) kept[o] = Math.Min(kept[o], keep);
        }

        var notPicked = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var i in remaining)
        {
            var effect = Marginal(candidates[i], matches[i], outcomes, kept);
            var covering = picked.Where(p => Enumerable.Range(0, outcomes.Count).Any(o => matches[i][o] && matches[p][o]))
                .Select(p => candidates[p].Id).ToList();
            var net = effect.NetEffectKrw.ToString("+#,0;-#,0;0", CultureInfo.InvariantCulture);
            var why = effect.TradesChanged < Math.Max(1, minTrades) ? $"fewer than {Math.Max(1, minTrades)} trades" : "nothing gained";
            notPicked[candidates[i].Id] = covering.Count == 0
                ? $"not adopted automatically: it would change {effect.TradesChanged} recorded trade(s) for a net effect of {net} KRW, {why}"
                : $"not adopted automatically: on top of {string.Join(", ", covering)} of this run (which already match its recorded trades) " +
                  $"it would change {effect.TradesChanged} recorded trade(s) for a net effect of {net} KRW, {why}";
        }
        return ([.. picked.Select(p => candidates[p].Id)], notPicked);
    }

    /// <summary>What <paramref name="rule"/> adds when each recorded trade is already kept at <paramref name="kept"/>.</summary>
    public static MarginalEffect Marginal(SelectionCandidate rule, IReadOnlyList<bool> matches, IReadOnlyList<TradeOutcome> outcomes, IReadOnlyList<decimal> kept)
    {
        var keep = Keep(rule);
        var net = 0m;
        var changed = 0;
        for (var o = 0; o < outcomes.Count; o++)
        {
            if (!matches[o] || kept[o] <= keep) continue;
            changed++;
            // Not traded any more: a loser's loss is avoided (positive), a winner's profit missed (negative).
            net -= outcomes[o].NetPnl * (kept[o] - keep);
        }
        return new MarginalEffect(net, changed);
    }

    /// <summary>The share of a matched order the rule lets through: 0 for a block, the factor for a reduction, all of it
    /// for an approval (an admin decides; the replay counts nothing).</summary>
    private static decimal Keep(SelectionCandidate rule) => rule.Action switch
    {
        RuleAction.Block => 0m,
        RuleAction.ReduceSize => Math.Clamp(rule.SizeFactor, 0m, 1m),
        _ => 1m,
    };
}
