using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Testing;
using KisTrader.Tests.Llm;

namespace KisTrader.Tests.Core.Analysis;

/// <summary>The analysis of an instrument carries today's session VWAP and OBV over its daily history, worked out by hand
/// on tiny series, and they reach the rule features and the decision prompt.</summary>
public class MarketAnalysisVwapObvTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 18, 12, 15, 0, KoreaTime.Offset);

    private readonly ManualTimeProvider _clock = new(Noon);
    private readonly TickCache _ticks = new();
    private readonly FakeMarketData _market = new();

    private MarketAnalyzer Analyzer() => new(_ticks, _market, () => FeedState.Connected, _clock);

    private static Bar Day(int day, decimal close, long volume) =>
        new(new DateTimeOffset(2026, 11, day, 0, 0, 0, KoreaTime.Offset), close, close + 50, close - 50, close, volume, close * volume);

    // Closes 10,000 → 10,100 (up, +200) → 10,050 (down, −300): OBV 0, 200, −100.
    private static IReadOnlyList<Bar> ThreeDays => [Day(13, 10_000m, 100), Day(16, 10_100m, 200), Day(17, 10_050m, 300)];

    private void Tick(decimal price, long cumulativeVolume, decimal cumulativeValue, decimal high = 10_250m, decimal low = 10_050m) =>
        _ticks.Update(new Tick("005930", Noon.AddSeconds(-5), price, price - 10_050m, Math.Round((price / 10_050m - 1m) * 100m, 2), 10_100m,
            high, low, 10, cumulativeVolume, cumulativeValue, price + 50, price - 50, 100m, null, false));

    [Fact]
    public async Task Analysis_CarriesSessionVwapFromTheTicksTotals_AndObvOverTheDailyHistory()
    {
        _market.Bars["005930"] = ThreeDays;
        // 400 shares for 4,060,000 KRW so far today → VWAP 10,150. Today 10,200 > 10,050: OBV −100 + 400 = 300.
        Tick(10_200m, 400, 4_060_000m);

        var t = (await Analyzer().AnalyzeAsync(["005930"])).Find("005930")!;

        Assert.Equal(10_150m, t.Indicators["vwap"]);
        Assert.Equal(300m, t.Indicators["obv"]);
    }

    [Fact]
    public async Task Analysis_FromARestQuote_TakesVwapFromTheQuotesTradedValue()
    {
        _market.Bars["035720"] = ThreeDays;
        // 1,000 shares for 41,012,345 KRW → 41,012.345 → 41,012.34 (two places, half to even, like the other indicators).
        _market.Quotes["035720"] = new Quote("035720", "Kakao", 41_000m, 1_000m, 2.5m, 40_000m, 41_500m, 39_900m, 1_000, 41_012_345m,
            40_000m, 52_000m, 28_000m, 50m, Noon);

        var t = (await Analyzer().AnalyzeAsync(["035720"])).Find("035720")!;

        Assert.Equal(41_012.34m, t.Indicators["vwap"]);
        // Today 41,000 is above yesterday's 10,050: −100 + 1,000 = 900.
        Assert.Equal(900m, t.Indicators["obv"]);
    }

    [Fact]
    public async Task Analysis_BeforeTheFirstTrade_OrWithTotalsOutsideTheDaysRange_HasNoVwap()
    {
        _market.Bars["005930"] = ThreeDays;
        Tick(10_100m, 0, 0m, high: 10_100m, low: 10_100m);
        Assert.False((await Analyzer().AnalyzeAsync(["005930"])).Find("005930")!.Indicators.ContainsKey("vwap"));

        // A traded value in millions of won (4 for 400 shares) is not a price: left out, never passed on.
        Tick(10_200m, 400, 4m);
        Assert.False((await Analyzer().AnalyzeAsync(["005930"])).Find("005930")!.Indicators.ContainsKey("vwap"));
    }

    [Fact]
    public async Task Analysis_WithOneDayOfHistory_HasObvFromTheOneComparison()
    {
        _market.Bars["005930"] = [Day(17, 10_050m, 300)];
        // Today 10,000 < 10,050: down, −400 (OBV starts at 0 on the first bar).
        Tick(10_000m, 400, 4_040_000m, high: 10_150m, low: 10_000m);

        var t = (await Analyzer().AnalyzeAsync(["005930"])).Find("005930")!;

        Assert.Equal(-400m, t.Indicators["obv"]);
        Assert.Equal(10_100m, t.Indicators["vwap"]);
        Assert.False(t.Indicators.ContainsKey("rsi14"));
    }

    [Fact]
    public async Task Analysis_WithoutHistory_HasVwapButNoObv()
    {
        Tick(10_200m, 400, 4_060_000m);

        var t = (await Analyzer().AnalyzeAsync(["005930"])).Find("005930")!;

        Assert.Equal(10_150m, t.Indicators["vwap"]);
        Assert.False(t.Indicators.ContainsKey("obv"));
    }

    [Fact]
    public void SessionVwap_WithoutTradedValue_WeighsTodaysMinuteBarsTypicalPrices()
    {
        var nine = new DateTimeOffset(2026, 11, 18, 9, 0, 0, KoreaTime.Offset);
        var today = new Bar(KoreaTime.StartOfDay(Noon), 10_000m, 10_300m, 9_900m, 10_200m, 400, 0m);
        Bar Minute(DateTimeOffset at, decimal high, decimal low, decimal close, long volume) => new(at, close, high, low, close, volume, 0m);
        // Typical (10,100 + 9,900 + 10,000)/3 = 10,000 × 100; (10,300 + 10,000 + 10,200)/3 = 10,166.67 × 300;
        // (1,000,000 + 3,050,000) / 400 = 10,125. Yesterday's minute is not part of today's session.
        var minutes = new[]
        {
            Minute(nine.AddDays(-1), 20_000m, 20_000m, 20_000m, 5_000),
            Minute(nine, 10_100m, 9_900m, 10_000m, 100),
            Minute(nine.AddMinutes(1), 10_300m, 10_000m, 10_200m, 300),
        };

        Assert.Equal(10_125m, TickerIndicators.SessionVwap(today, minutes));
        Assert.Equal(10_125m, TickerIndicators.Compute([], today, minutes)["vwap"]);
        Assert.Null(TickerIndicators.SessionVwap(today));
        // The traded value, when known, is exact and wins: 4,100,000 / 400 = 10,250.
        Assert.Equal(10_250m, TickerIndicators.SessionVwap(today with { TradeValue = 4_100_000m }, minutes));
    }

    [Fact]
    public async Task VwapAndObv_ReachTheRuleFeaturesAndTheDecisionPrompt()
    {
        _market.Bars["005930"] = ThreeDays;
        Tick(10_200m, 400, 4_060_000m);
        var analysis = await Analyzer().AnalyzeAsync(["005930"]);
        var portfolio = new PortfolioSnapshot(Noon, 1_000_000m, 1_000_000m, 100m, 0m, []);

        var features = RuleFeatures.ForOrder(new PlannedOrder("005930", Side.Buy, 1, OrderPriceType.Limit, 10_200m, "test", 0.7m), analysis, portfolio, Noon);
        Assert.Equal(10_150m, features.Numbers["vwap"]);
        Assert.Equal(300m, features.Numbers["obv"]);
        // 10,200 / 10,150 − 1 = 0.4926…%.
        Assert.Equal(0.49m, features.Numbers["price_vs_vwap_pct"]);
        Assert.True(RuleLanguage.Parse("price_vs_vwap_pct > 0.4 and obv > 0").Evaluate(features));

        var prompt = new DecisionPrompt(File.ReadAllText(RepoPrompt.Path))
            .Render(new DecisionInput(portfolio, analysis, ["005930"], Noon), new RiskLimits());
        Assert.Contains("\"vwap\":10150", prompt);
        Assert.Contains("\"obv\":300", prompt);
    }
}
