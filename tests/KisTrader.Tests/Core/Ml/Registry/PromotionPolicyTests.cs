using KisTrader.Core.Ml.Registry;
using static KisTrader.Tests.Core.Ml.Registry.ModelSamples;

namespace KisTrader.Tests.Core.Ml.Registry;

public sealed class PromotionPolicyTests
{
    private static readonly PromotionOptions Margins = new() { MinF1Gain = 0.02, MinBacktestExcessGain = 0.005 };
    private static readonly ModelVersion Active = Version(1, f1: 0.60, excess: 0.010) with { Status = ModelStatus.Active };

    [Fact]
    public void ACandidateBeatingTheActiveOnBothMargins_IsPromoted()
    {
        var verdict = PromotionPolicy.Decide(Version(2, f1: 0.63, excess: 0.016), Active, Margins);

        Assert.True(verdict.Promote);
        Assert.Empty(verdict.Refusals);
        Assert.Contains("F1 0.63 vs 0.6 for up5d-1pct v1 (+0.03; needs ≥ 0.02 and > 0)", verdict.Summary);
        Assert.Contains("gated backtest adds 1.6% vs 1% for up5d-1pct v1 (+0.6%; needs ≥ 0.5% and > 0)", verdict.Summary);
    }

    [Fact]
    public void F1BelowTheMargin_IsRefused_WithTheNumbers()
    {
        var verdict = PromotionPolicy.Decide(Version(2, f1: 0.61, excess: 0.05), Active, Margins);

        Assert.False(verdict.Promote);
        Assert.Equal([PromotionRefusalCode.F1BelowMargin], verdict.Refusals);
        Assert.Equal("F1 0.61 vs 0.6 for up5d-1pct v1 (+0.01; needs ≥ 0.02 and > 0)", verdict.Summary);
    }

    [Fact]
    public void BacktestBelowTheMargin_IsRefused_AndEveryFailedCriterionIsListed()
    {
        var verdict = PromotionPolicy.Decide(Version(2, f1: 0.55, excess: 0.012), Active, Margins);

        Assert.Equal([PromotionRefusalCode.F1BelowMargin, PromotionRefusalCode.BacktestBelowMargin], verdict.Refusals);
        Assert.Contains("gated backtest adds 1.2% vs 1% for up5d-1pct v1 (+0.2%; needs ≥ 0.5% and > 0)", verdict.Summary);
    }

    [Fact]
    public void NoGatedBacktest_IsRefused_HoweverGoodTheF1()
    {
        var verdict = PromotionPolicy.Decide(Version(2, f1: 0.95, excess: null), Active, Margins);

        Assert.Equal([PromotionRefusalCode.NoGatedBacktest], verdict.Refusals);
        Assert.Equal("up5d-1pct v2 has no gated-backtest result", verdict.Summary);
    }

    [Fact]
    public void EqualIsNotBetter_EvenWithZeroMargins()
    {
        var verdict = PromotionPolicy.Decide(Version(2, f1: 0.60, excess: 0.010), Active, new PromotionOptions { MinF1Gain = 0, MinBacktestExcessGain = 0 });

        Assert.Equal([PromotionRefusalCode.F1BelowMargin, PromotionRefusalCode.BacktestBelowMargin], verdict.Refusals);
    }

    [Fact]
    public void WithNoActiveModel_TheCandidateMustBeatItsBaselineAndTheUngatedBacktest()
    {
        Assert.True(PromotionPolicy.Decide(Version(1, f1: 0.40, excess: 0.01), null, Margins).Promote);   // baseline F1 0.3

        var weak = PromotionPolicy.Decide(Version(1, f1: 0.31, excess: -0.01), null, Margins);
        Assert.Equal([PromotionRefusalCode.F1BelowMargin, PromotionRefusalCode.BacktestBelowMargin], weak.Refusals);
        Assert.Contains("for the majority-class baseline", weak.Summary);
        Assert.Contains("for the backtest without the gate", weak.Summary);
    }

    [Fact]
    public void AnActiveModelWithoutABacktest_CountsAsAddingNothing()
    {
        var verdict = PromotionPolicy.Decide(Version(2, f1: 0.70, excess: 0.006), Active with { Backtest = null }, Margins);

        Assert.True(verdict.Promote);
        Assert.Contains("no gated backtest: counted as adding nothing", verdict.Summary);
    }

    [Fact]
    public void OnlyACandidateIsPromoted()
    {
        var verdict = PromotionPolicy.Decide(Version(2, f1: 0.9, excess: 0.1) with { Status = ModelStatus.Retired }, Active, Margins);

        Assert.Equal([PromotionRefusalCode.NotACandidate], verdict.Refusals);
    }
}
