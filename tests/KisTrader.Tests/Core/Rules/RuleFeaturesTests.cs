using System.Text.Json;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Graphs;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Rules;

public sealed class RuleFeaturesTests
{
    // Wednesday 2026-11-18, 10:30 KST.
    private static readonly DateTimeOffset At = new(2026, 11, 18, 10, 30, 0, KoreaTime.Offset);

    private static readonly TickerAnalysis Ticker = new("005930", 100_000m, 3.5m, 2_000_000, 120m, 2.4m,
        new Dictionary<string, decimal>
        {
            ["rsi14"] = 72m, ["sma20"] = 95_000m, ["sma60"] = 90_000m, ["macd"] = 1_200m, ["macd_signal"] = 1_000m,
            ["bb_upper"] = 104_000m, ["bb_lower"] = 94_000m, ["atr14"] = 2_500m, ["high_20d"] = 98_000m, ["upper_limit"] = 130_000m,
            ["vwap"] = 98_000m, ["obv"] = 1_500_000m,
        }, At);

    private static MarketAnalysis Analysis() => new(At, FeedState.Connected, false, null, [Ticker],
        [new MarketSignal("005930", "breakout", "above the 20-day high", 1m), new MarketSignal("000660", "volume_surge", "other", 1m)],
        [], 0.3m);

    private static PortfolioSnapshot Portfolio() => new(At, 8_000_000m, 10_000_000m, 80m, 100_000m,
        [new Position("005930", "Samsung", 20, 20, 95_000m, 100_000m, 2_000_000m, 20m, 100_000m, 5.26m)]);

    private static readonly PlannedOrder Buy = new("005930", Side.Buy, 10, OrderPriceType.Limit, 100_000m, "breakout", 0.8m);

    [Fact]
    public void ForOrder_CarriesTheMlProbability_AndLeavesItAbsentWhenNoModelScoredTheTicker()
    {
        var scored = Analysis() with { Tickers = [Ticker with { MlProbability = 0.63m }] };

        Assert.Equal(0.63m, RuleFeatures.ForOrder(Buy, scored, Portfolio(), At).Numbers["ml_prob"]);
        Assert.False(RuleFeatures.ForOrder(Buy, Analysis(), Portfolio(), At).TryGetNumber("ml_prob", out _));
        Assert.True(RuleLanguage.Parse("ml_prob < 0.4").Evaluate(RuleFeatures.ForOrder(Buy, Analysis() with { Tickers = [Ticker with { MlProbability = 0.3m }] }, Portfolio(), At)));
    }

    [Fact]
    public void ForOrder_ComputesTheOrderTickerPortfolioAndClockFields()
    {
        var f = RuleFeatures.ForOrder(Buy, Analysis(), Portfolio(), At);
        Assert.Equal("BUY", f.Texts["side"]);
        Assert.Equal("005930", f.Texts["ticker"]);
        Assert.Equal("up", f.Texts["trend"]);
        Assert.Equal(0.8m, f.Numbers["confidence"]);
        Assert.Equal(1_000_000m, f.Numbers["order_value_krw"]);
        Assert.Equal(10m, f.Numbers["order_weight_pct"]);
        Assert.Equal(72m, f.Numbers["rsi14"]);
        Assert.Equal(200m, f.Numbers["macd_hist"]);
        Assert.Equal(60m, f.Numbers["bb_position_pct"]);
        Assert.Equal(2.5m, f.Numbers["atr_pct"]);
        Assert.Equal(5.26m, f.Numbers["price_vs_sma20_pct"]);
        Assert.Equal(30m, f.Numbers["to_upper_limit_pct"]);
        Assert.Equal(98_000m, f.Numbers["vwap"]);
        // 100,000 / 98,000 − 1 = 2.0408…%.
        Assert.Equal(2.04m, f.Numbers["price_vs_vwap_pct"]);
        Assert.Equal(1_500_000m, f.Numbers["obv"]);
        Assert.True(f.Flags["above_high_20d"]);
        Assert.True(f.Flags["signal_breakout"]);
        Assert.False(f.Flags["signal_volume_surge"]);
        Assert.True(f.Flags["held"]);
        Assert.Equal(20m, f.Numbers["position_weight_pct"]);
        Assert.Equal(5.26m, f.Numbers["position_pnl_pct"]);
        Assert.Equal(1m, f.Numbers["positions"]);
        Assert.Equal(0.3m, f.Numbers["sentiment"]);
        Assert.Equal(10m, f.Numbers["hour_kst"]);
        Assert.Equal(90m, f.Numbers["minutes_since_open"]);
        Assert.Equal(3m, f.Numbers["weekday"]);
        Assert.All(f.Numbers.Keys.Concat(f.Texts.Keys).Concat(f.Flags.Keys), k => Assert.NotNull(RuleFields.Find(k)));
    }

    [Fact]
    public void ForOrder_WithoutAnalysis_LeavesMarketFieldsAbsent()
    {
        var f = RuleFeatures.ForOrder(Buy with { Ticker = "000660" }, null, Portfolio(), At);
        Assert.False(f.TryGetNumber("rsi14", out _));
        Assert.False(f.TryGetText("trend", out _));
        Assert.False(f.TryGetFlag("signal_breakout", out _));
        Assert.False(f.Flags["held"]);
        Assert.False(f.TryGetNumber("position_pnl_pct", out _));
        Assert.False(RuleLanguage.Parse("not rsi14 > 70").Evaluate(f));
    }

    [Fact]
    public void ToJson_FromJson_RoundTripsEveryField()
    {
        var f = RuleFeatures.ForOrder(Buy, Analysis(), Portfolio(), At);
        var json = f.ToJson().ToJsonString();
        using var doc = JsonDocument.Parse(json);
        var back = RuleFeatures.FromJson(doc.RootElement);
        Assert.Equal(f.Numbers.OrderBy(p => p.Key), back.Numbers.OrderBy(p => p.Key));
        Assert.Equal(f.Texts.OrderBy(p => p.Key), back.Texts.OrderBy(p => p.Key));
        Assert.Equal(f.Flags.OrderBy(p => p.Key), back.Flags.OrderBy(p => p.Key));
        Assert.Equal(json, back.ToString());
    }

    [Fact]
    public void FromJson_UnknownPropertiesAndWrongKinds_AreLeftOut()
    {
        var f = Features.Of("""{"rsi14":"high","side":1,"held":"yes","momentum":3,"change_pct":2.5}""");
        Assert.Empty(f.Texts);
        Assert.Empty(f.Flags);
        Assert.Equal(["change_pct"], f.Numbers.Keys);
        using var array = JsonDocument.Parse("[1,2]");
        Assert.Empty(RuleFeatures.FromJson(array.RootElement).Numbers);
    }

    [Fact]
    public void FromRecordedTrade_WithFeatures_UsesThemAsRecorded()
    {
        var snapshot = """{"takenAt":"2026-11-18T01:30:00+00:00","features":{"side":"SELL","rsi14":33,"held":true}}""";
        var f = RuleFeatures.FromRecordedTrade(snapshot, "{}", "BUY", At.AddHours(3))!;
        Assert.Equal("SELL", f.Texts["side"]);
        Assert.Equal(33m, f.Numbers["rsi14"]);
        Assert.Single(f.Numbers);
    }

    [Fact]
    public void FromRecordedTrade_OldStyleSnapshot_IsRebuiltFromTheTickerSignalsAndPortfolio()
    {
        var a = Analysis();
        // The shape TradeRecorder wrote before snapshots carried features.
        var snapshot = GraphJson.Serialize(new
        {
            takenAt = a.TakenAt,
            feed = a.Feed,
            stale = a.Stale,
            sentimentScore = a.SentimentScore,
            ticker = a.Find("005930"),
            opportunities = a.Opportunities.Where(s => s.Ticker == "005930"),
            risks = a.Risks.Where(s => s.Ticker == "005930"),
        });
        // Filled at 14:00, decided at 10:30: the decision's time counts.
        var f = RuleFeatures.FromRecordedTrade(snapshot, GraphJson.Serialize(Portfolio()), "SELL", At.AddHours(3.5))!;

        Assert.Equal("SELL", f.Texts["side"]);
        Assert.Equal(72m, f.Numbers["rsi14"]);
        Assert.Equal("up", f.Texts["trend"]);
        Assert.True(f.Flags["signal_breakout"]);
        Assert.True(f.Flags["held"]);
        Assert.Equal(0.3m, f.Numbers["sentiment"]);
        Assert.Equal(10m, f.Numbers["hour_kst"]);
        Assert.False(f.TryGetNumber("confidence", out _));
        Assert.False(f.TryGetNumber("order_value_krw", out _));
    }

    [Fact]
    public void FromRecordedTrade_OldStyleSnapshotWithoutPortfolio_LeavesHoldingsAbsent()
    {
        var snapshot = GraphJson.Serialize(new { takenAt = At, sentimentScore = "n/a", ticker = Ticker });
        var f = RuleFeatures.FromRecordedTrade(snapshot, "{\"unknown\":true}", "BUY", At)!;
        Assert.Equal(72m, f.Numbers["rsi14"]);
        Assert.False(f.TryGetFlag("held", out _));
        Assert.False(f.TryGetNumber("positions", out _));
        Assert.Equal(0m, f.Numbers["sentiment"]);
    }

    [Theory]
    [InlineData("{\"unknown\":true}")]
    [InlineData("{\"ticker\":null}")]
    [InlineData("not json")]
    [InlineData("[]")]
    [InlineData("{\"ticker\":{\"ticker\":5}}")]
    public void FromRecordedTrade_SnapshotWithoutFeaturesOrTicker_GivesNull(string snapshot) =>
        Assert.Null(RuleFeatures.FromRecordedTrade(snapshot, "{}", "BUY", At));
}
