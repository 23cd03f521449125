using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Reflection.Fakes;

namespace KisTrader.Tests.Core.Reflection;

public sealed class RuleSelectionTests
{
    private static TradeOutcome Buy(string id, decimal weightAfter, decimal change, decimal pnl) =>
        Outcomes.Of(id, "BUY", pnl, pnl / 1_000m, $$"""{"side":"BUY","position_weight_after_pct":{{weightAfter}},"change_pct":{{change}}}""");

    private static SelectionCandidate Rule(string id, RuleAction action, decimal factor, string condition) =>
        new(id, action, factor, RuleLanguage.Parse(condition).Evaluate);

    // Every entry up 1–3% today: most lost. The ones that took a name above 30% lost the most.
    private static readonly IReadOnlyList<TradeOutcome> Record =
    [
        Buy("big1", 35m, 2m, -9_000m), Buy("big2", 40m, 2m, -8_000m), Buy("big3", 45m, 2m, -10_000m),
        Buy("s1", 8m, 2m, -2_000m), Buy("s2", 8m, 1m, -2_000m), Buy("s3", 8m, 3m, 1_000m),
    ];

    [Fact]
    public void A_cap_inside_a_broader_halving_still_adds_and_is_picked_first_when_it_nets_the_most()
    {
        var halving = Rule("halve", RuleAction.ReduceSize, 0.5m, "change_pct >= 1");
        var cap = Rule("cap", RuleAction.Block, 1m, "position_weight_after_pct >= 30");
        var (picked, notPicked) = RuleSelection.Select([halving, cap], Record, minTrades: 3);
        // The cap avoids 27,000 alone; the halving nets 15,500 − 500 alone. On top of the cap the halving still changes the
        // three small entries: (2,000 + 2,000 − 1,000) × 0.5 = +1,500, so it is picked second.
        Assert.Equal(["cap", "halve"], picked);
        Assert.Empty(notPicked);
    }

    [Fact]
    public void A_second_rule_on_the_same_trades_adds_nothing_and_is_left_out_with_the_rule_that_covers_it()
    {
        var cap = Rule("cap", RuleAction.Block, 1m, "position_weight_after_pct >= 30");
        var twin = Rule("twin", RuleAction.Block, 1m, "position_weight_after_pct >= 33");
        var (picked, notPicked) = RuleSelection.Select([cap, twin], Record, minTrades: 3);
        Assert.Equal(["cap"], picked);
        Assert.Contains("on top of cap", notPicked["twin"]);
        Assert.Contains("0 recorded trade(s)", notPicked["twin"]);
    }

    [Fact]
    public void The_marginal_effect_combines_rules_as_the_risk_engine_does_the_smallest_factor_wins()
    {
        var kept = Record.Select(_ => 0.5m).ToList();
        var matches = Record.Select(_ => true).ToList();
        // Kept at half already: another halving changes nothing, a ×0.25 takes a further quarter, a block the half left.
        Assert.Equal(new MarginalEffect(0m, 0), RuleSelection.Marginal(Rule("h", RuleAction.ReduceSize, 0.5m, "change_pct >= 0"), matches, Record, kept));
        Assert.Equal(new MarginalEffect(7_500m, 6), RuleSelection.Marginal(Rule("q", RuleAction.ReduceSize, 0.25m, "change_pct >= 0"), matches, Record, kept));
        Assert.Equal(new MarginalEffect(15_000m, 6), RuleSelection.Marginal(Rule("b", RuleAction.Block, 1m, "change_pct >= 0"), matches, Record, kept));
        // An approval lets everything through: it never changes a replay.
        Assert.Equal(new MarginalEffect(0m, 0), RuleSelection.Marginal(Rule("a", RuleAction.RequireApproval, 1m, "change_pct >= 0"), matches, Record, kept));
    }

    [Fact]
    public void A_rule_changing_fewer_than_MinTrades_trades_on_top_of_the_others_is_not_picked()
    {
        var cap = Rule("cap", RuleAction.Block, 1m, "position_weight_after_pct >= 30");
        var small = Rule("small", RuleAction.Block, 1m, "change_pct < 3 and position_weight_after_pct < 30");
        var (picked, notPicked) = RuleSelection.Select([cap, small], Record, minTrades: 3);
        // "small" nets +4,000 but on two trades only (s1 and s2).
        Assert.Equal(["cap"], picked);
        Assert.Contains("fewer than 3 trades", notPicked["small"]);
    }
}
