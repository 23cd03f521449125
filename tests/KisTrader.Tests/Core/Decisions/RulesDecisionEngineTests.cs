using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Orders;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Core.Decisions;

public class RulesDecisionEngineTests
{
    private readonly RulesDecisionEngine _engine = new();

    [Fact]
    public async Task Decide_OversoldInUptrend_BuysFivePercentOfEquityFlooredToTickAndShares()
    {
        // 5% of 10,000,000 = 500,000; price 71,050 floors to 71,000 (tick 100) → 7 shares (497,000).
        var input = Input(Portfolio(10_000_000m), Snapshot(Ticker("005930", 71_050m, rsi: 25m, sma60: 65_000m)));

        var plan = (await _engine.DecideAsync(input)).Plan!;

        var order = Assert.Single(plan.Orders);
        Assert.Equal(("005930", Side.Buy, 7L, OrderPriceType.Limit, (decimal?)71_000m), (order.Ticker, order.Side, order.Quantity, order.PriceType, order.Price));
        Assert.Contains("oversold_uptrend", order.Justification);
        Assert.Contains("RSI(14) 25", order.Justification);
        Assert.Contains("65,000", order.Justification);
    }

    [Fact]
    public async Task Decide_WithTheMlSignalRequired_BuysOnlyTickersWhoseProbabilityReachesIt()
    {
        var engine = new RulesDecisionEngine(new RulesEngineOptions { MinMlProbability = 0.6m, MaxBuysPerRun = 5 });
        var strong = Ticker("005930", 71_050m, rsi: 25m, sma60: 65_000m) with { MlProbability = 0.72m };
        var weak = Ticker("000660", 71_050m, rsi: 25m, sma60: 65_000m) with { MlProbability = 0.41m };
        var unscored = Ticker("035720", 71_050m, rsi: 25m, sma60: 65_000m);

        var plan = (await engine.DecideAsync(Input(Portfolio(10_000_000m), Snapshot(strong, weak, unscored)))).Plan!;

        var order = Assert.Single(plan.Orders);
        Assert.Equal("005930", order.Ticker);
        Assert.Contains("ML signal 0.72 ≥ 0.6", order.Justification);
        Assert.Contains("000660: Rule oversold_uptrend", plan.Summary);
        Assert.Contains("ML signal is 0.41 (required 0.6)", plan.Summary);
        Assert.Contains("ML signal is not available", plan.Summary);
    }

    [Fact]
    public async Task Decide_WithoutTheMlSignalRequired_IgnoresTheProbability()
    {
        var weak = Ticker("000660", 71_050m, rsi: 25m, sma60: 65_000m) with { MlProbability = 0.01m };

        var order = Assert.Single((await _engine.DecideAsync(Input(Portfolio(10_000_000m), Snapshot(weak)))).Plan!.Orders);

        Assert.Equal("000660", order.Ticker);
        Assert.DoesNotContain("ML", order.Justification);
    }

    [Fact]
    public async Task Decide_OversoldInDowntrend_DoesNotBuy()
    {
        var input = Input(Portfolio(10_000_000m), Snapshot(Ticker("005930", 60_000m, rsi: 25m, sma60: 65_000m)));

        var plan = (await _engine.DecideAsync(input)).Plan!;

        Assert.Empty(plan.Orders);
        Assert.StartsWith("Hold", plan.Summary);
    }

    [Fact]
    public async Task Decide_VolumeSurgeWithPriceUp_BuysAndNamesTheNumbers()
    {
        var input = Input(Portfolio(10_000_000m), Snapshot(Ticker("000660", 10_020m, changeRate: 2.1m, surge: 2.6m, rsi: 58m)));

        var order = Assert.Single((await _engine.DecideAsync(input)).Plan!.Orders);

        Assert.Equal(Side.Buy, order.Side);
        Assert.Equal(10_020m, order.Price);
        Assert.Equal(49, order.Quantity); // floor(500,000 / 10,020)
        Assert.Contains("volume_surge", order.Justification);
        Assert.Contains("2.6x", order.Justification);
        Assert.Contains("2.1%", order.Justification);
    }

    [Fact]
    public async Task Decide_BreakoutAboveTwentyDayHigh_Buys()
    {
        var input = Input(Portfolio(10_000_000m), Snapshot(Ticker("035720", 41_070m, changeRate: 1.2m, rsi: 62m, high20: 40_500m, sma20: 39_000m)));

        var order = Assert.Single((await _engine.DecideAsync(input)).Plan!.Orders);

        Assert.Equal(41_050m, order.Price); // tick 50
        Assert.Contains("breakout", order.Justification);
    }

    [Fact]
    public async Task Decide_UptrendWithMacdAboveSignal_BuysOnTrendMomentum()
    {
        var t = Ticker("068270", 184_100m, changeRate: 1.66m, rsi: 61.59m, sma20: 181_540m, sma60: 170_185m);
        t = t with { Indicators = new Dictionary<string, decimal>(t.Indicators) { ["macd"] = 1_250m, ["macd_signal"] = 900m } };

        var order = Assert.Single((await _engine.DecideAsync(Input(Portfolio(10_000_000m), Snapshot(t)))).Plan!.Orders);

        Assert.Equal((Side.Buy, 2L, (decimal?)184_100m), (order.Side, order.Quantity, order.Price));
        Assert.Contains("trend_momentum", order.Justification);
        Assert.Contains("MACD 1250 > signal 900", order.Justification);
    }

    [Fact]
    public async Task Decide_UptrendWithMacdBelowSignal_DoesNotBuy()
    {
        var t = Ticker("068270", 184_100m, changeRate: 1.66m, rsi: 61.59m, sma20: 181_540m, sma60: 170_185m);
        t = t with { Indicators = new Dictionary<string, decimal>(t.Indicators) { ["macd"] = 800m, ["macd_signal"] = 900m } };

        Assert.Empty((await _engine.DecideAsync(Input(Portfolio(10_000_000m), Snapshot(t)))).Plan!.Orders);
    }

    [Fact]
    public async Task Decide_HeldPositionDownFivePercent_SellsAllSellableOnStopLoss()
    {
        var held = Held("005930", 20, 70_000m, 66_400m, sellable: 15);
        var input = Input(Portfolio(8_000_000m, held), Snapshot(Ticker("005930", 66_400m, rsi: 40m)));

        var order = Assert.Single((await _engine.DecideAsync(input)).Plan!.Orders);

        Assert.Equal((Side.Sell, 15L, OrderPriceType.Market, (decimal?)null), (order.Side, order.Quantity, order.PriceType, order.Price));
        Assert.Contains("stop_loss", order.Justification);
        Assert.Contains("-5.14%", order.Justification);
    }

    [Fact]
    public async Task Decide_Buy_IsALimitAtTheBestAsk_SoItExecutes()
    {
        var t = Ticker("005930", 71_050m, rsi: 25m, sma60: 65_000m);
        t = t with { Indicators = new Dictionary<string, decimal>(t.Indicators) { ["best_bid"] = 71_000m, ["best_ask"] = 71_100m } };

        var order = Assert.Single((await _engine.DecideAsync(Input(Portfolio(10_000_000m), Snapshot(t)))).Plan!.Orders);

        Assert.Equal((Side.Buy, OrderPriceType.Limit, (decimal?)71_100m, 7L), (order.Side, order.PriceType, order.Price, order.Quantity));
    }

    [Fact]
    public async Task Decide_TakeProfit_IsALimitSellAtTheBestBid_SoItExecutes()
    {
        var held = Held("005930", 10, 60_000m, 66_000m);
        var t = Ticker("005930", 66_000m, rsi: 60m);
        t = t with { Indicators = new Dictionary<string, decimal>(t.Indicators) { ["best_bid"] = 65_900m, ["best_ask"] = 66_000m } };

        var order = Assert.Single((await _engine.DecideAsync(Input(Portfolio(8_000_000m, held), Snapshot(t)))).Plan!.Orders);

        Assert.Equal((Side.Sell, OrderPriceType.Limit, (decimal?)65_900m), (order.Side, order.PriceType, order.Price));
        Assert.Contains("take_profit", order.Justification);
    }

    [Fact]
    public async Task Decide_HeldPositionUpTenPercent_TakesProfit()
    {
        var held = Held("005930", 10, 60_000m, 66_000m);
        var input = Input(Portfolio(8_000_000m, held), Snapshot(Ticker("005930", 66_000m, rsi: 60m)));

        var order = Assert.Single((await _engine.DecideAsync(input)).Plan!.Orders);

        Assert.Equal(Side.Sell, order.Side);
        Assert.Contains("take_profit", order.Justification);
    }

    [Fact]
    public async Task Decide_HeldAndOverbought_Sells()
    {
        var held = Held("005930", 10, 64_000m, 66_000m);
        var input = Input(Portfolio(8_000_000m, held), Snapshot(Ticker("005930", 66_000m, rsi: 78m)));

        var order = Assert.Single((await _engine.DecideAsync(input)).Plan!.Orders);

        Assert.Contains("overbought", order.Justification);
        Assert.Contains("78", order.Justification);
    }

    [Fact]
    public async Task Decide_TickerAtTheWeightCap_IsNotBoughtAgain()
    {
        var held = Held("005930", 30, 70_000m, 71_000m, equity: 10_000_000m); // 2,130,000 ≈ 21%
        var input = Input(Portfolio(7_870_000m, held), Snapshot(Ticker("005930", 71_000m, rsi: 25m, sma60: 65_000m)));

        Assert.Empty((await _engine.DecideAsync(input)).Plan!.Orders);
    }

    [Fact]
    public async Task Decide_HeldAtALoss_IsNeverAveragedDown()
    {
        var held = Held("005930", 5, 72_000m, 70_000m);
        var input = Input(Portfolio(9_650_000m, held), Snapshot(Ticker("005930", 70_000m, rsi: 25m, sma60: 65_000m)));

        Assert.Empty((await _engine.DecideAsync(input)).Plan!.Orders);
    }

    [Fact]
    public async Task Decide_WhenAnalysisIsStale_Holds()
    {
        var analysis = Snapshot(Ticker("005930", 71_000m, rsi: 25m, sma60: 65_000m)) with { Stale = true, StaleReason = "realtime feed is Reconnecting" };
        var plan = (await _engine.DecideAsync(Input(Portfolio(10_000_000m), analysis))).Plan!;

        Assert.Empty(plan.Orders);
        Assert.Contains("Reconnecting", plan.Summary);
    }

    [Fact]
    public async Task Decide_WithCashOnlyForTheReserve_DoesNotBuy()
    {
        var held = Held("000660", 50, 175_000m, 180_000m); // 9,000,000 held, 1,000,000 cash = 10% reserve
        var input = Input(Portfolio(1_000_000m, held), Snapshot(Ticker("005930", 71_000m, rsi: 25m, sma60: 65_000m), Ticker("000660", 180_000m, rsi: 50m)));

        var plan = (await _engine.DecideAsync(input)).Plan!;

        Assert.Empty(plan.Orders);
        Assert.Contains("no budget", plan.Summary);
    }

    [Fact]
    public async Task Decide_ManySignals_BuysAtMostTwoStrongestFirst()
    {
        var input = Input(Portfolio(10_000_000m), Snapshot(
            Ticker("000001", 10_000m, changeRate: 1m, surge: 2.1m),
            Ticker("000002", 10_000m, changeRate: 1m, surge: 3.5m),
            Ticker("000003", 10_000m, rsi: 20m, sma60: 9_000m)));

        var plan = (await _engine.DecideAsync(input)).Plan!;

        Assert.Equal(["000003", "000002"], plan.Orders.Select(o => o.Ticker));
    }

    [Fact]
    public async Task Decide_SameInputTwice_GivesTheSamePlan()
    {
        var input = Input(Portfolio(8_000_000m, Held("035720", 10, 40_000m, 45_000m)), Snapshot(
            Ticker("000002", 10_000m, changeRate: 1m, surge: 3.5m), Ticker("035720", 45_000m, rsi: 50m),
            Ticker("000003", 10_000m, rsi: 20m, sma60: 9_000m)));

        var a = (await _engine.DecideAsync(input)).Plan!;
        var b = (await new RulesDecisionEngine().DecideAsync(input)).Plan!;

        Assert.Equal(a.Orders, b.Orders);
        Assert.Equal(a.Summary, b.Summary);
        Assert.Equal(3, a.Orders.Count);
    }

    [Fact]
    public async Task Decide_UsesConfiguredFractionAndThresholds()
    {
        var engine = new RulesDecisionEngine(new RulesEngineOptions { BuyFractionOfEquity = 0.10m, OversoldRsi = 40m });
        var input = Input(Portfolio(10_000_000m), Snapshot(Ticker("005930", 71_000m, rsi: 35m, sma60: 65_000m)));

        var order = Assert.Single((await engine.DecideAsync(input)).Plan!.Orders);

        Assert.Equal(14, order.Quantity); // floor(1,000,000 / 71,000)
    }

    [Fact]
    public async Task Decide_TickerOutsideUniverse_IsNotBought()
    {
        var input = Input(Portfolio(10_000_000m), Snapshot(Ticker("005930", 71_000m, rsi: 25m, sma60: 65_000m)), "000660");

        Assert.Empty((await _engine.DecideAsync(input)).Plan!.Orders);
    }
}
