using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Reflection.Fakes;

namespace KisTrader.Tests.Core.Reflection;

public sealed class RuleGenerationTests
{
    private static Insight Insight(string id, string side, int trades, int losers, decimal avg, decimal score, string condition = "rsi14 >= 70") =>
        new(id, "statistics", side, "rsi14", "rsi14 ≥ 70", condition, trades, losers, trades - losers, avg, -10_000m, 0.4m, 6m, score,
            $"{side} when rsi14 ≥ 70: {trades} trades, {losers} lost");

    [Theory]
    [InlineData(5, 5, "block", null)]
    [InlineData(5, 4, "block", null)]
    [InlineData(5, 3, "reduce_size", 0.5)]
    [InlineData(7, 4, "require_approval", null)]
    public void The_action_follows_the_loss_rate(int trades, int losers, string action, double? factor)
    {
        var p = Assert.Single(RuleGenerator.Generate([Insight("I-01", "BUY", trades, losers, -3m, 1m)], 3));
        Assert.Equal(action, p.Action);
        Assert.Equal(factor is null ? null : (decimal)factor.Value, p.SizeFactor);
    }

    [Fact]
    public void Buy_insights_become_entry_rules_and_sell_insights_exit_rules_restricted_to_their_side()
    {
        var ps = RuleGenerator.Generate([Insight("I-01", "BUY", 5, 5, -3m, 2m), Insight("I-02", "SELL", 5, 5, -3m, 1m, "trend == \"up\" or held")], 3);
        Assert.Equal(("entry", "side == \"BUY\" and rsi14 >= 70", 10), (ps[0].Category, ps[0].Condition, ps[0].Priority!.Value));
        Assert.Equal(("exit", "side == \"SELL\" and (trend == \"up\" or held)", 9), (ps[1].Category, ps[1].Condition, ps[1].Priority!.Value));
        // Even at a 100% loss rate: a sell is never blocked, a losing exit pattern asks for approval.
        Assert.Equal(("block", "require_approval"), (ps[0].Action, ps[1].Action));
        Assert.All(ps, p => Assert.True(RuleFormatValidator.Validate(p, [], []).IsValid));
        Assert.Contains("5 of 5 lost (loss rate 100%)", ps[0].Rationale);
    }

    [Fact]
    public void Only_losing_insights_count_and_at_most_MaxRulesPerRun_best_first()
    {
        var ps = RuleGenerator.Generate([
            Insight("I-01", "BUY", 5, 2, 1m, 9m),             // not losing: average above 0
            Insight("I-02", "BUY", 5, 5, -3m, 1m, "change_pct >= 10"),
            Insight("I-03", "BUY", 5, 5, -3m, 3m, "rsi14 < 30"),
            Insight("I-04", "BUY", 5, 5, -3m, 2m, "trend == \"down\""),
        ], maxRules: 2);
        Assert.Equal(["I-03", "I-04"], ps.Select(p => p.InsightId));
    }

    private static readonly IReadOnlyList<TradeOutcome> Record =
    [
        Outcomes.Buy("l1", 75m, -5m, -5_000m),
        Outcomes.Buy("l2", 80m, -3m, -3_000m),
        Outcomes.Buy("w1", 72m, 2m, 1_000m),
        Outcomes.Buy("n1", 55m, 4m, 4_000m),
    ];

    private static readonly Func<RuleFeatures, bool> HotBuy = RuleLanguage.Parse("side == \"BUY\" and rsi14 >= 70").Evaluate;

    [Fact]
    public void A_blocking_rule_avoids_the_losses_and_misses_the_profits_it_matches()
    {
        var s = ShadowEvaluator.Evaluate(RuleAction.Block, 1m, HotBuy, Record);
        Assert.Equal((4, 3, 2, 1), (s.TradesEvaluated, s.Matched, s.BlockedLosers, s.BlockedWinners));
        Assert.Equal((8_000m, 1_000m, 7_000m), (s.AvoidedLossKrw, s.MissedProfitKrw, s.NetEffectKrw));
        Assert.Equal(["l1", "l2", "w1"], s.MatchedTradeIds);
    }

    [Fact]
    public void Reducing_size_counts_the_part_not_traded_and_requiring_approval_counts_nothing()
    {
        var reduce = ShadowEvaluator.Evaluate(RuleAction.ReduceSize, 0.25m, HotBuy, Record);
        Assert.Equal((6_000m, 750m), (reduce.AvoidedLossKrw, reduce.MissedProfitKrw));
        var approval = ShadowEvaluator.Evaluate(RuleAction.RequireApproval, 1m, HotBuy, Record);
        Assert.Equal((3, 0, 0, 0m, 0m), (approval.Matched, approval.BlockedLosers, approval.BlockedWinners, approval.AvoidedLossKrw, approval.MissedProfitKrw));
    }

    [Fact]
    public void A_positive_rule_that_matched_enough_trades_is_adopted()
    {
        var s = ShadowEvaluator.Evaluate(RuleAction.Block, 1m, HotBuy, Record);
        var d = AdoptionPolicy.Decide(s, new ReflectionOptions { MinTrades = 3 });
        Assert.True(d.Adopt);
        Assert.StartsWith("auto-adopted: shadow net effect +7,000 KRW", d.Reason);
    }

    [Fact]
    public void Adoption_waits_for_an_admin_when_off_too_few_matched_or_not_positive()
    {
        var s = ShadowEvaluator.Evaluate(RuleAction.Block, 1m, HotBuy, Record);
        Assert.Contains("auto-adoption is off", AdoptionPolicy.Decide(s, new ReflectionOptions { AutoAdopt = false }).Reason);
        Assert.Contains("fewer than 4", AdoptionPolicy.Decide(s, new ReflectionOptions { MinTrades = 4 }).Reason);
        var approval = ShadowEvaluator.Evaluate(RuleAction.RequireApproval, 1m, HotBuy, Record);
        var d = AdoptionPolicy.Decide(approval, new ReflectionOptions());
        Assert.False(d.Adopt);
        Assert.Contains("is not positive", d.Reason);
    }
}
