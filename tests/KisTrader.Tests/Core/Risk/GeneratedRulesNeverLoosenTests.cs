using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Reflection;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using static KisTrader.Tests.Core.Risk.RiskScenario;

namespace KisTrader.Tests.Core.Risk;

/// <summary>No rule the reflection can generate loosens a risk limit: with every generated rule enforced, the risk engine
/// rejects at least what it rejects without them and never approves more shares.</summary>
public sealed class GeneratedRulesNeverLoosenTests
{
    private static readonly RiskLimits Strict = new()
    {
        MaxTickerWeightPercent = 20m,
        MaxOrderValueKrw = 3_000_000m,
        MaxOrdersPerDay = 10,
        DailyLossLimitPercent = 3m,
        WeeklyLossLimitPercent = 7m,
        MinCashReservePercent = 10m,
    };

    /// <summary>Every bucket, both sides, at a block, a reduce and an approval loss rate, as the generator writes them.</summary>
    private static List<StrategyRule> EveryGeneratedRule()
    {
        var rules = new List<StrategyRule>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var bucket in FeatureBuckets.All)
            foreach (var side in (string[])["BUY", "SELL"])
                foreach (var losers in (int[])[10, 7, 6])
                {
                    var insight = Reflection.RuleCategoryGenerationTests.Losing(side, bucket.Feature, bucket.Condition, 10, losers);
                    var proposal = Assert.Single(RuleGenerator.Generate([insight], 1));
                    var v = RuleFormatValidator.Validate(proposal, [], []);
                    Assert.True(v.IsValid, string.Join("; ", v.Errors));
                    var id = $"R-{rules.Count + 1:0000}";
                    if (seen.Add(proposal.Condition + "|" + proposal.Action + "|" + proposal.SizeFactor))
                        rules.Add(RuleFormatValidator.ToRule(proposal, v, id, null, Now));
                }
        return rules;
    }

    // The ticker as the rules see it: thin volume yesterday, a sharp drop, overbought, far above its average.
    private static MarketAnalysis Analysis(string ticker, decimal price) => new(Now, FeedState.Connected, false, null,
        [new TickerAnalysis(ticker, price, -4m, 100_000, 90m, 0.3m, new Dictionary<string, decimal>
        {
            ["rsi14"] = 75m, ["sma20"] = price * 0.9m, ["sma60"] = price * 0.8m, ["prev_change_pct"] = -7m, ["prev_volume_ratio"] = 0.3m,
            ["return_5d_pct"] = 12m, ["bb_upper"] = price * 1.05m, ["bb_lower"] = price * 0.85m, ["high_20d"] = price * 0.95m,
        }, Now)], [], [new MarketSignal(ticker, "sharp_drop", "down", 4m)], -0.5m);

    [Theory]
    [InlineData(Held, 100_000, 0)]
    [InlineData(Other, 20_000, 0)]
    [InlineData(Held, 100_000, 2)]
    [InlineData(Other, 20_000, 2)]
    public void EnforcingEveryGeneratedRule_NeverApprovesWhatTheLimitsReject_NorMoreShares(string ticker, int price, int lossDays)
    {
        var rules = new ActiveStrategyRules(EveryGeneratedRule());
        Assert.Empty(rules.Skipped);
        var engine = Engine(Strict);
        var portfolio = Portfolio(cash: 4_000_000m, held: 10, sellable: 10);
        // Equity down 4% since the day's start when lossDays > 0: the daily loss limit allows sells only.
        var dayStart = lossDays > 0 ? portfolio.TotalEquity * 1.04m : portfolio.TotalEquity;
        foreach (var side in (Side[])[Side.Buy, Side.Sell])
            foreach (var quantity in (long[])[1, 5, 10, 40, 200])
                foreach (var limit in (bool[])[true, false])
                {
                    if (side == Side.Sell && ticker != Held) continue;
                    var order = side == Side.Buy ? Buy(ticker, quantity, limit ? price : null) : Sell(ticker, Math.Min(quantity, 10), limit ? price : null);
                    var without = engine.Check(order, Context(portfolio, dayStart: dayStart, analysis: Analysis(ticker, price)));
                    var with = engine.Check(order, Context(portfolio, dayStart: dayStart, rules: rules, analysis: Analysis(ticker, price)));
                    var what = $"{side} {quantity} {ticker} {(limit ? "limit" : "market")}";
                    if (!without.Approved) Assert.False(with.Approved, $"{what}: rejected by the limits ({without.Reason}) but approved with the rules");
                    if (with.Approved)
                    {
                        Assert.True(with.ApprovedQuantity <= without.ApprovedQuantity, $"{what}: {with.ApprovedQuantity} > {without.ApprovedQuantity}");
                        Assert.True(with.RequiresApproval || !without.RequiresApproval, $"{what}: the rules dropped an approval");
                    }
                }
    }

    [Fact]
    public void EveryGeneratedRule_MatchesTheBuyOfThisScenario_SoTheCheckAboveExercisesThem()
    {
        // The scenario is not vacuous: the buy trips blocking rules (hence every buy is rejected with them).
        var match = new ActiveStrategyRules(EveryGeneratedRule()).Match(Buy(Other, 5, 20_000m),
            RuleFeatures.ForOrder(Buy(Other, 5, 20_000m), Analysis(Other, 20_000m), Portfolio(), Now));
        Assert.NotNull(match);
        Assert.Equal(RuleAction.Block, match.Action);
    }
}
