using System.Text.Json;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Rules;

/// <summary>The features risk and sizing rules are written on: the clock to the close, the weight after the order, and
/// the last completed session's move and volume, computed from completed bars only and recorded with the trade.</summary>
public sealed class RuleFeaturesForRiskAndSizingTests
{
    private static readonly DateTimeOffset At = new(2026, 11, 18, 15, 5, 0, KoreaTime.Offset);

    private static Bar Day(int day, decimal close, long volume) =>
        new(new DateTimeOffset(2026, 10, day, 0, 0, 0, KoreaTime.Offset), close, close + 50, close - 50, close, volume, close * volume);

    // 21 completed sessions: 20 at 10,000 on 1,000 shares, the last at 9,000 (−10%) on 250 shares.
    private static List<Bar> History()
    {
        var bars = Enumerable.Range(1, 20).Select(d => Day(d, 10_000m, 1_000)).ToList();
        bars.Add(Day(21, 9_000m, 250));
        return bars;
    }

    private static PortfolioSnapshot Portfolio() => new(At, 8_000_000m, 10_000_000m, 80m, 100_000m,
        [new Position("005930", "Samsung", 20, 20, 95_000m, 100_000m, 2_000_000m, 20m, 100_000m, 5.26m)]);

    [Fact]
    public void Indicators_PreviousSessionsChangeAndVolumeRatio_AreOfTheLastCompletedSession_NotToday()
    {
        var today = new Bar(new DateTimeOffset(2026, 10, 22, 0, 0, 0, KoreaTime.Offset), 9_100m, 9_900m, 9_000m, 9_800m, 900_000, 0m);
        var ind = TickerIndicators.Compute(History(), today);
        Assert.Equal(-10m, ind["prev_change_pct"]);
        // 250 / average(19 × 1,000 + 250) = 250 / 962.5 (rounded half to even: 962 shares) = 0.26.
        Assert.Equal(962m, ind["avg_volume_20d"]);
        Assert.Equal(0.26m, ind["prev_volume_ratio"]);
        // Today's huge volume and move change neither.
        var quiet = TickerIndicators.Compute(History(), today with { Volume = 10, Close = 9_000m });
        Assert.Equal((ind["prev_change_pct"], ind["prev_volume_ratio"]), (quiet["prev_change_pct"], quiet["prev_volume_ratio"]));
    }

    [Fact]
    public void Indicators_TooLittleHistory_LeaveThemAbsent()
    {
        var ind = TickerIndicators.Compute([Day(1, 10_000m, 1_000)], Day(2, 10_100m, 1_000));
        Assert.False(ind.ContainsKey("prev_change_pct"));
        Assert.False(ind.ContainsKey("prev_volume_ratio"));
    }

    [Fact]
    public void ForOrder_ComputesMinutesToTheClose_WeightAfterTheOrder_AndCopiesThePreviousSession()
    {
        var ticker = new TickerAnalysis("005930", 100_000m, 1m, 500_000, 100m, 1m,
            new Dictionary<string, decimal> { ["prev_change_pct"] = -6.5m, ["prev_volume_ratio"] = 0.3m }, At);
        var analysis = new MarketAnalysis(At, FeedState.Connected, false, null, [ticker], [], [], 0m);
        var buy = new PlannedOrder("005930", Side.Buy, 10, OrderPriceType.Limit, 100_000m, "add", 0.7m);
        var f = RuleFeatures.ForOrder(buy, analysis, Portfolio(), At);
        Assert.Equal(25m, f.Numbers["minutes_to_close"]);
        // Held 2,000,000 + 1,000,000 bought, of 10,000,000.
        Assert.Equal(30m, f.Numbers["position_weight_after_pct"]);
        Assert.Equal(-6.5m, f.Numbers["prev_change_pct"]);
        Assert.Equal(0.3m, f.Numbers["prev_volume_ratio"]);

        var sell = RuleFeatures.ForOrder(buy with { Side = Side.Sell, Quantity = 15 }, analysis, Portfolio(), At.AddHours(-6));
        Assert.Equal(5m, sell.Numbers["position_weight_after_pct"]);
        Assert.Equal(385m, sell.Numbers["minutes_to_close"]);
        var after = RuleFeatures.ForOrder(buy, analysis, Portfolio(), At.AddMinutes(40));
        Assert.Equal(-15m, after.Numbers["minutes_to_close"]);
    }

    [Fact]
    public void NewFeatures_AreRecordedWithTheTrade_AndReadBackForShadowReplay()
    {
        var ticker = new TickerAnalysis("005930", 100_000m, 1m, 500_000, 100m, 1m,
            new Dictionary<string, decimal> { ["prev_change_pct"] = -6.5m, ["prev_volume_ratio"] = 0.3m }, At);
        var analysis = new MarketAnalysis(At, FeedState.Connected, false, null, [ticker], [], [], 0m);
        var buy = new PlannedOrder("005930", Side.Buy, 10, OrderPriceType.Limit, 100_000m, "add", 0.7m);
        var json = RuleFeatures.ForOrder(buy, analysis, Portfolio(), At).ToJson().ToJsonString();
        var snapshot = $$"""{"{{RuleFeatures.SnapshotProperty}}":{{json}}}""";
        var read = RuleFeatures.FromRecordedTrade(snapshot, "{}", "BUY", At.AddMinutes(25))!;
        var rule = RuleLanguage.Parse("side == \"BUY\" and minutes_to_close <= 30 and position_weight_after_pct >= 30 and prev_volume_ratio < 0.5 and prev_change_pct < -5", out var errors);
        Assert.Empty(errors);
        Assert.True(rule!.Evaluate(read));
    }

    [Fact]
    public void OldSnapshotWithoutFeatures_LeavesTheWeightAfterTheOrderAbsent()
    {
        var ticker = new TickerAnalysis("005930", 100_000m, 1m, 500_000, 100m, 1m, new Dictionary<string, decimal>(), At);
        var snapshot = JsonSerializer.Serialize(new { ticker, takenAt = At }, KisTrader.Core.Graphs.GraphJson.Options);
        var portfolio = JsonSerializer.Serialize(Portfolio(), KisTrader.Core.Graphs.GraphJson.Options);
        var f = RuleFeatures.FromRecordedTrade(snapshot, portfolio, "BUY", At)!;
        Assert.False(f.TryGetNumber("position_weight_after_pct", out _));
        Assert.Equal(25m, f.Numbers["minutes_to_close"]);
    }
}
