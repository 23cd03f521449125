using KisTrader.Core.Reflection;
using KisTrader.Tests.Core.Reflection.Fakes;

namespace KisTrader.Tests.Core.Reflection;

public sealed class FactorAnalyzerTests
{
    // 10 BUYs: 4 at rsi14 75 returning −6, 6 at rsi14 55 returning +4 ⇒ overall (−24 + 24) / 10 = 0.
    private static readonly IReadOnlyList<TradeOutcome> Record =
    [
        .. Enumerable.Range(1, 4).Select(i => Outcomes.Buy($"hot{i}", 75m, -6m)),
        .. Enumerable.Range(1, 6).Select(i => Outcomes.Buy($"ok{i}", 55m, 4m)),
    ];

    [Fact]
    public void A_bucket_worse_than_its_side_becomes_an_insight_with_frequency_impact_and_score()
    {
        var insight = Assert.Single(FactorAnalyzer.Analyze(Record, minTrades: 3));
        Assert.Equal(("I-01", "statistics", "BUY", "rsi14", "rsi14 >= 70"), (insight.InsightId, insight.Source, insight.Side, insight.Feature, insight.Condition));
        Assert.Equal((4, 4, 0), (insight.Trades, insight.Losers, insight.Winners));
        Assert.Equal(-6m, insight.AverageReturnPercent);
        Assert.Equal(0.4m, insight.Frequency);   // 4 of 10 BUYs
        Assert.Equal(6m, insight.Impact);        // 0 − (−6) points
        Assert.Equal(2.4m, insight.Score);
        Assert.Equal("BUY when rsi14 ≥ 70: 4 trades, 4 lost, average −6.00% vs 0.00% overall", insight.Description);
    }

    [Fact]
    public void Buys_the_ml_signal_rated_low_that_lost_become_an_ml_prob_insight()
    {
        IReadOnlyList<TradeOutcome> record =
        [
            .. Enumerable.Range(1, 4).Select(i => Outcomes.Of($"low{i}", "BUY", -600m, -6m, """{"side":"BUY","ml_prob":0.31}""")),
            .. Enumerable.Range(1, 6).Select(i => Outcomes.Of($"high{i}", "BUY", 400m, 4m, """{"side":"BUY","ml_prob":0.72}""")),
        ];

        var insight = Assert.Single(FactorAnalyzer.Analyze(record, minTrades: 3));

        Assert.Equal(("ml_prob", "ml_prob < 0.4", 4, 4), (insight.Feature, insight.Condition, insight.Trades, insight.Losers));
    }

    [Fact]
    public void Buckets_with_fewer_than_MinTrades_trades_give_no_insight()
    {
        Assert.Empty(FactorAnalyzer.Analyze(Record, minTrades: 5));
    }

    [Fact]
    public void Insights_are_ranked_by_score_and_numbered_in_that_order()
    {
        IReadOnlyList<TradeOutcome> record =
        [
            .. Record,
            // Three more BUYs below rsi14 30, slightly worse than the side.
            .. Enumerable.Range(1, 3).Select(i => Outcomes.Buy($"cold{i}", 25m, -1m)),
        ];
        var insights = FactorAnalyzer.Analyze(record, minTrades: 3);
        Assert.Equal(["rsi14 >= 70", "rsi14 < 30"], insights.Select(i => i.Condition));
        Assert.Equal(["I-01", "I-02"], insights.Select(i => i.InsightId));
        Assert.True(insights[0].Score > insights[1].Score);
    }

    [Fact]
    public void Each_bucket_condition_is_valid_rule_language_and_agrees_with_its_test_in_code()
    {
        var samples = new[]
        {
            Outcomes.Features("""{"side":"BUY","rsi14":70,"change_pct":-3,"trend":"down","signal_breakout":true,"confidence":0.6,"hour_kst":14}"""),
            Outcomes.Features("""{"side":"SELL","rsi14":29.99,"change_pct":10,"trend":"flat","signal_breakout":false,"volume_surge":4,"sentiment":-0.3}"""),
            Outcomes.Features("""{"side":"BUY"}"""),
        };
        foreach (var bucket in FeatureBuckets.All)
        {
            var expression = KisTrader.Core.Rules.RuleLanguage.Parse(bucket.Condition);
            foreach (var f in samples)
                Assert.True(expression.Evaluate(f) == bucket.Contains(f), $"{bucket.Condition} disagrees on {f}");
        }
    }

    [Fact]
    public void Sides_are_analysed_apart()
    {
        IReadOnlyList<TradeOutcome> record =
        [
            .. Record,
            .. Enumerable.Range(1, 3).Select(i => Outcomes.Of($"s{i}", "SELL", -500m, -0.5m, """{"side":"SELL","rsi14":75}""")),
        ];
        // All SELLs share the bucket: no worse than their own side, so no SELL insight.
        Assert.All(FactorAnalyzer.Analyze(record, 3), i => Assert.Equal("BUY", i.Side));
    }
}
