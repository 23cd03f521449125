using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using static KisTrader.Tests.Core.Risk.RiskScenario;

namespace KisTrader.Tests.Core.Risk;

/// <summary>The risk engine with real, compiled rules: the features it builds are what the conditions read.</summary>
public sealed class RiskEngineStrategyRulesTests
{
    private static StrategyRule Rule(string id, string condition, RuleAction action, decimal factor = 1m) => new()
    {
        RuleId = id,
        Category = RuleCategory.Entry,
        Condition = condition,
        Action = action,
        SizeFactor = factor,
        Priority = 8,
        Rationale = "overbought buys lost 4 of 5 times",
        CreatedAt = Now,
    };

    // 000660 overbought: RSI 75.
    private static MarketAnalysis Overbought() => new(Now, FeedState.Connected, false, null,
        [new TickerAnalysis(Other, 20_000m, 4m, 500_000, 110m, 1.2m, new Dictionary<string, decimal> { ["rsi14"] = 75m }, Now)], [], [], 0m);

    [Fact]
    public void Check_ActiveRuleBlock_RejectsTheBuyAsStrategyRule_NamingTheRuleAndRationale()
    {
        var rules = new ActiveStrategyRules([Rule("R-20261118-01", "side == \"BUY\" and rsi14 >= 70", RuleAction.Block)]);
        var v = Engine().Check(Buy(Other, 5, 20_000m), Context(rules: rules, analysis: Overbought()));
        Assert.False(v.Approved);
        Assert.Equal(RiskRejectCode.StrategyRule, v.Code);
        Assert.Contains("R-20261118-01", v.Reason);
        Assert.Contains("overbought buys lost 4 of 5 times", v.Reason);
    }

    [Fact]
    public void Check_ActiveRuleNotMatching_Approves()
    {
        var rules = new ActiveStrategyRules([Rule("R-1", "side == \"BUY\" and rsi14 >= 70", RuleAction.Block)]);
        // A sell is not a buy; without an analysis rsi14 is absent, which never matches.
        Assert.True(Engine().Check(Sell(Held, 5, 100_000m), Context(rules: rules, analysis: Overbought())).Approved);
        Assert.True(Engine().Check(Buy(Other, 5, 20_000m), Context(rules: rules)).Approved);
    }

    [Fact]
    public void Check_ActiveRulesReducingAndRequiringApproval_ReduceTheQuantityAndRequireApproval()
    {
        var rules = new ActiveStrategyRules([
            Rule("R-1", "side == \"BUY\" and rsi14 >= 70", RuleAction.ReduceSize, 0.5m),
            Rule("R-2", "side == \"BUY\" and not held", RuleAction.RequireApproval),
        ]);
        var v = Engine().Check(Buy(Other, 9, 20_000m), Context(rules: rules, analysis: Overbought()));
        Assert.True(v.Approved);
        Assert.Equal(4, v.ApprovedQuantity);
        Assert.True(v.RequiresApproval);
        Assert.Contains("R-1,R-2", v.Reason);
    }

    // 005930 held and down 6% today: the kind of day a stop-loss sells.
    private static MarketAnalysis HeldFalling() => new(Now, FeedState.Connected, false, null,
        [new TickerAnalysis(Held, 100_000m, -6m, 500_000, 80m, 1.5m, new Dictionary<string, decimal> { ["rsi14"] = 25m }, Now)], [], [], 0m);

    private static ActiveStrategyRules SellBlockingRisk() =>
        new([Rule("R-9", "change_pct < -3", RuleAction.Block) with { Category = RuleCategory.Risk }]);

    [Fact]
    public void Check_ARuleThatWouldBlock_NeverBlocksOrShrinksASell_ItOnlyAsksForApproval()
    {
        var v = Engine().Check(Sell(Held, 10, 100_000m), Context(rules: SellBlockingRisk(), analysis: HeldFalling()));
        Assert.True(v.Approved);
        Assert.Equal(10, v.ApprovedQuantity);
        Assert.True(v.RequiresApproval);
        Assert.Contains("R-9", v.Reason);
    }

    [Fact]
    public void Check_ARuleThatWouldReduce_LeavesTheSellWhole()
    {
        var rules = new ActiveStrategyRules([Rule("R-8", "change_pct < -3", RuleAction.ReduceSize, 0.5m) with { Category = RuleCategory.Risk }]);
        var v = Engine().Check(Sell(Held, 10, 100_000m), Context(rules: rules, analysis: HeldFalling()));
        Assert.Equal((true, 10L), (v.Approved, v.ApprovedQuantity));
    }

    [Theory]
    [InlineData("reducing")]
    [InlineData("daily loss")]
    [InlineData("weekly loss")]
    public void Check_WhileReducingOrBeyondALossLimit_ASellIgnoresRulesAndNeedsNoApproval(string situation)
    {
        var equity = Portfolio().TotalEquity;
        var ctx = situation switch
        {
            "reducing" => Context(mode: TradingMode.Reducing, rules: SellBlockingRisk(), analysis: HeldFalling()),
            // 9,000,000 + 10 × 100,000 now against a day (or week) that began 60% higher: beyond the 50% limits.
            "daily loss" => Context(dayStart: equity * 2.5m, rules: SellBlockingRisk(), analysis: HeldFalling()),
            _ => Context(dayStart: equity, weekStart: equity * 2.5m, rules: SellBlockingRisk(), analysis: HeldFalling()),
        };
        var v = Engine().Check(Sell(Held, 10, 100_000m), ctx);
        Assert.True(v.Approved);
        Assert.Equal(10, v.ApprovedQuantity);
        Assert.False(v.RequiresApproval);
    }
}
