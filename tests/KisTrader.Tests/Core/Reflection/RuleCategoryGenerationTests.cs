using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Reflection;

/// <summary>The generator's categories: sizing rules from weights and volume, risk rules from the clock and the market's
/// mood, entry rules from the ticker's price, exit rules from sells.</summary>
public sealed class RuleCategoryGenerationTests
{
    internal static Insight Losing(string side, string feature, string condition, int trades, int losers) =>
        new("I-01", FactorAnalyzer.Source, side, feature, condition, condition, trades, losers, trades - losers, -4m, -400_000m, 0.2m, 3m, 0.6m,
            $"{side} when {condition}");

    private static RuleProposal One(Insight insight) => Assert.Single(RuleGenerator.Generate([insight], 5));

    [Fact]
    public void Generate_WeightAfterTheOrderLosingMostly_IsASizingCapThatBlocks()
    {
        var p = One(Losing("BUY", "position_weight_after_pct", "position_weight_after_pct >= 30", 10, 9));
        Assert.Equal("sizing", p.Category);
        Assert.Equal("block", p.Action);
        Assert.Equal("side == \"BUY\" and position_weight_after_pct >= 30", p.Condition);
    }

    [Fact]
    public void Generate_WeightBandLosingSometimes_ShrinksToTheShareThatDidNotLose()
    {
        // A band, not a ceiling: a losing ceiling is a cap (WeightCapGenerationTests).
        var p = One(Losing("BUY", "position_weight_pct", "position_weight_pct >= 10 and position_weight_pct < 20", 10, 7));
        Assert.Equal(("sizing", "reduce_size", 0.3m), (p.Category, p.Action, p.SizeFactor));
    }

    [Theory]
    [InlineData(10, 10, 0.1)]
    [InlineData(10, 9, 0.1)]
    [InlineData(10, 7, 0.3)]
    [InlineData(10, 6, 0.4)]
    public void Generate_ThinVolumeLosing_ShrinksTheSizeToTheShareThatDidNotLose(int trades, int losers, double kept)
    {
        var p = One(Losing("BUY", "prev_volume_ratio", "prev_volume_ratio < 0.5", trades, losers));
        Assert.Equal("sizing", p.Category);
        Assert.Equal("reduce_size", p.Action);
        Assert.Equal((decimal)kept, p.SizeFactor);
    }

    [Fact]
    public void Generate_LastHalfHourLosingMostly_IsARiskRuleThatBlocks()
    {
        var p = One(Losing("BUY", "minutes_to_close", "minutes_to_close >= 0 and minutes_to_close <= 30", 8, 8));
        Assert.Equal(("risk", "block"), (p.Category, p.Action));
        Assert.Equal("side == \"BUY\" and minutes_to_close >= 0 and minutes_to_close <= 30", p.Condition);
    }

    [Fact]
    public void Generate_PriceFeatures_StayEntryRules_AndSells_ExitRulesAskingForApproval()
    {
        Assert.Equal(("entry", "block"), (One(Losing("BUY", "prev_change_pct", "prev_change_pct < -5", 5, 5)) is var e ? (e.Category, e.Action) : default));
        var exit = One(Losing("SELL", "position_weight_pct", "position_weight_pct >= 20", 5, 5));
        Assert.Equal(("exit", "require_approval", (decimal?)null), (exit.Category, exit.Action, exit.SizeFactor));
    }

    [Fact]
    public void Generate_EveryBucketOfEverySide_GivesAValidRuleThatOnlyRestricts()
    {
        foreach (var bucket in FeatureBuckets.All)
            foreach (var side in (string[])["BUY", "SELL"])
                foreach (var losers in (int[])[6, 7, 9, 10])
                {
                    var proposal = One(Losing(side, bucket.Feature, bucket.Condition, 10, losers));
                    var v = RuleFormatValidator.Validate(proposal, [], []);
                    Assert.True(v.IsValid, $"{side} {bucket.Condition} ({losers}/10): {string.Join("; ", v.Errors)}");
                    Assert.True(v.Action is RuleAction.Block or RuleAction.RequireApproval or RuleAction.ReduceSize, bucket.Condition);
                    if (v.Action == RuleAction.ReduceSize) Assert.InRange(v.SizeFactor, 0.1m, 0.5m);
                    if (side == "SELL") Assert.Equal(RuleAction.RequireApproval, v.Action);
                }
    }
}
