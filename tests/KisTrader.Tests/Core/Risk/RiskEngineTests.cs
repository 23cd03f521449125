using KisTrader.Core.Decisions;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using static KisTrader.Tests.Core.Risk.RiskScenario;

namespace KisTrader.Tests.Core.Risk;

public sealed class RiskEngineTests
{
    private static void AssertRejected(RiskVerdict v, RiskRejectCode code)
    {
        Assert.False(v.Approved, $"expected {code} but it was approved: {v.Reason}");
        Assert.Equal(code, v.Code);
        Assert.Equal(0, v.ApprovedQuantity);
        Assert.False(string.IsNullOrWhiteSpace(v.Reason));
    }

    private static void AssertApproved(RiskVerdict v, long quantity)
    {
        Assert.True(v.Approved, $"expected approval but got {v.Code}: {v.Reason}");
        Assert.Equal(quantity, v.ApprovedQuantity);
    }

    [Fact]
    public void Check_WhenHalted_RejectsBuysAndSells()
    {
        var ctx = Context(mode: TradingMode.Halted);
        AssertRejected(Engine().Check(Buy(Other, 1, 20_000m), ctx), RiskRejectCode.TradingHalted);
        AssertRejected(Engine().Check(Sell(Held, 1, 100_000m), ctx), RiskRejectCode.TradingHalted);
    }

    [Fact]
    public void Check_WhenReducing_RejectsBuysAndAllowsSells()
    {
        var ctx = Context(mode: TradingMode.Reducing);
        AssertRejected(Engine().Check(Buy(Other, 1, 20_000m), ctx), RiskRejectCode.ReducingSellsOnly);
        AssertApproved(Engine().Check(Sell(Held, 1, 100_000m), ctx), 1);
    }

    [Fact]
    public void Check_TickerOutsideUniverse_IsUnknownTicker()
    {
        AssertRejected(Engine().Check(Buy("035420", 1, 200_000m), Context()), RiskRejectCode.UnknownTicker);
    }

    [Theory]
    [InlineData(0, false)]
    [InlineData(-1, false)]
    [InlineData(1, true)]
    public void Check_Quantity_MustBePositive(long qty, bool approved)
    {
        var v = Engine().Check(Buy(Other, qty, 20_000m), Context());
        if (approved) AssertApproved(v, qty);
        else AssertRejected(v, RiskRejectCode.InvalidQuantity);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("0")]
    [InlineData("-100")]
    public void Check_LimitOrderWithoutPositivePrice_IsInvalidPrice(string? price)
    {
        var order = new PlannedOrder(Other, KisTrader.Core.Exchange.Side.Buy, 1, OrderPriceType.Limit, price is null ? null : decimal.Parse(price), "t", 0.5m);
        AssertRejected(Engine().Check(order, Context()), RiskRejectCode.InvalidPrice);
    }

    [Fact]
    public void Check_MarketOrderCarryingAPrice_IsInvalidPrice()
    {
        var order = new PlannedOrder(Other, KisTrader.Core.Exchange.Side.Buy, 1, OrderPriceType.Market, 20_000m, "t", 0.5m);
        AssertRejected(Engine().Check(order, Context()), RiskRejectCode.InvalidPrice);
    }

    [Theory]
    [InlineData("100000", true)]
    [InlineData("100100", true)]
    [InlineData("100050", false)]
    [InlineData("100001", false)]
    public void Check_LimitPrice_MustBeOnTheTickGrid(string price, bool onTick)
    {
        var v = Engine().Check(Sell(Held, 1, decimal.Parse(price)), Context());
        if (onTick) AssertApproved(v, 1);
        else AssertRejected(v, RiskRejectCode.OffTick);
    }

    [Theory]
    [InlineData("130000", true)]   // at the upper limit
    [InlineData("129900", true)]   // just below
    [InlineData("130100", false)]  // just above
    [InlineData("70000", true)]    // at the lower limit
    [InlineData("70100", true)]
    [InlineData("69900", false)]
    public void Check_LimitPrice_MustBeWithinTheDaysLimits(string price, bool inside)
    {
        var v = Engine().Check(Sell(Held, 1, decimal.Parse(price)), Context());
        if (inside) AssertApproved(v, 1);
        else AssertRejected(v, RiskRejectCode.OutsideDailyLimits);
    }

    [Fact]
    public void Check_EtfPrice_UsesTheFiveWonTick()
    {
        var quotes = new Dictionary<string, KisTrader.Core.Market.Quote> { [Other] = Quote(Other, 10_005m, 7_005m, 13_005m, 5m) };
        AssertApproved(Engine().Check(Buy(Other, 1, 10_005m), Context(quotes: quotes)), 1);
    }

    [Fact]
    public void Check_StaleMarketData_RefusesBuysAndSells()
    {
        var ctx = Context(analysis: RiskScenario.Analysis(stale: true));
        AssertRejected(Engine().Check(Buy(Other, 1, 20_000m), ctx), RiskRejectCode.StaleMarketData);
        AssertRejected(Engine().Check(Sell(Held, 1, 100_000m), ctx), RiskRejectCode.StaleMarketData);
        AssertApproved(Engine().Check(Buy(Other, 1, 20_000m), Context(analysis: RiskScenario.Analysis(stale: false))), 1);
    }

    [Fact]
    public void Check_NoQuoteForTheTicker_IsStaleMarketData()
    {
        var quotes = new Dictionary<string, KisTrader.Core.Market.Quote>();
        AssertRejected(Engine().Check(Buy(Other, 1, 20_000m), Context(quotes: quotes)), RiskRejectCode.StaleMarketData);
    }

    [Theory]
    [InlineData(9, true)]
    [InlineData(10, true)]
    [InlineData(11, false)]
    public void Check_Sell_AtMostTheSellableQuantity(long qty, bool approved)
    {
        var v = Engine().Check(Sell(Held, qty, null), Context());
        if (approved) AssertApproved(v, qty);
        else AssertRejected(v, RiskRejectCode.InsufficientSellableQuantity);
    }

    [Fact]
    public void CheckPlan_SellsAccumulateAgainstTheSellableQuantity()
    {
        var v = Engine().CheckPlan([Sell(Held, 6, null), Sell(Held, 5, null), Sell(Held, 4, null)], Context());
        AssertApproved(v[0], 6);
        AssertRejected(v[1], RiskRejectCode.InsufficientSellableQuantity);
        AssertApproved(v[2], 4);
    }

    [Theory]
    [InlineData(449, true)]
    [InlineData(450, true)]   // 9,000,000 exactly the cash
    [InlineData(451, false)]
    public void Check_BuyValue_AtMostTheCash(long qty, bool approved)
    {
        var v = Engine().Check(Buy(Other, qty, 20_000m), Context());
        if (approved) AssertApproved(v, qty);
        else AssertRejected(v, RiskRejectCode.InsufficientBuyingPower);
    }

    [Fact]
    public void Check_BuyingPower_IncludesCommission()
    {
        // 9,000,000 of stock costs 1,350 KRW commission at 0.015%: more than the cash.
        AssertRejected(Engine(commissionRate: 0.00015m).Check(Buy(Other, 450, 20_000m), Context()), RiskRejectCode.InsufficientBuyingPower);
        AssertApproved(Engine(commissionRate: 0.00015m).Check(Buy(Other, 449, 20_000m), Context()), 449);
    }

    [Fact]
    public void Check_MarketBuy_IsValuedAtTheUpperLimit()
    {
        // 346 × 26,000 = 8,996,000 fits; 347 × 26,000 = 9,022,000 does not (although 347 × 20,000 would).
        AssertApproved(Engine().Check(Buy(Other, 346, null), Context()), 346);
        AssertRejected(Engine().Check(Buy(Other, 347, null), Context()), RiskRejectCode.InsufficientBuyingPower);
    }

    [Theory]
    [InlineData(399, true)]
    [InlineData(400, true)]   // leaves exactly 1,000,000 = 10% of 10,000,000
    [InlineData(401, false)]
    public void Check_Buy_LeavesTheMinimumCashReserve(long qty, bool approved)
    {
        var v = Engine(Loose with { MinCashReservePercent = 10m }).Check(Buy(Other, qty, 20_000m), Context());
        if (approved) AssertApproved(v, qty);
        else AssertRejected(v, RiskRejectCode.CashReserve);
    }

    [Theory]
    [InlineData(9, true)]
    [InlineData(10, true)]    // 1,000,000 held + 1,000,000 bought = 20% of 10,000,000
    [InlineData(11, false)]
    public void Check_Buy_KeepsTheTickerWeightWithinTheLimit(long qty, bool approved)
    {
        var v = Engine(Loose with { MaxTickerWeightPercent = 20m }).Check(Buy(Held, qty, 100_000m), Context());
        if (approved) AssertApproved(v, qty);
        else AssertRejected(v, RiskRejectCode.TickerWeightExceeded);
    }

    [Theory]
    [InlineData(5, true)]     // 1,000,000 held + 500,000 still bid + 500,000 = 20% of 10,000,000
    [InlineData(6, false)]
    public void Check_Buy_CountsOpenBuysOfTheTickerTowardItsWeight(long qty, bool approved)
    {
        // An earlier bid that has not filled yet is not in the broker's holdings; once it fills it is.
        var ctx = Context() with { OpenBuyValue = new Dictionary<string, decimal> { [Held] = 500_000m } };
        var v = Engine(Loose with { MaxTickerWeightPercent = 20m }).Check(Buy(Held, qty, 100_000m), ctx);
        if (approved) AssertApproved(v, qty);
        else AssertRejected(v, RiskRejectCode.TickerWeightExceeded);
    }

    [Fact]
    public void CheckPlan_BuysOfOneTickerAccumulateTheirWeight()
    {
        var v = Engine(Loose with { MaxTickerWeightPercent = 20m }).CheckPlan([Buy(Held, 6, 100_000m), Buy(Held, 5, 100_000m)], Context());
        AssertApproved(v[0], 6);
        AssertRejected(v[1], RiskRejectCode.TickerWeightExceeded);
    }

    [Theory]
    [InlineData(149, true)]
    [InlineData(150, true)]   // 3,000,000 exactly
    [InlineData(151, false)]
    public void Check_OrderValue_AtMostTheLimit(long qty, bool approved)
    {
        var v = Engine(Loose with { MaxOrderValueKrw = 3_000_000m }).Check(Buy(Other, qty, 20_000m), Context());
        if (approved) AssertApproved(v, qty);
        else AssertRejected(v, RiskRejectCode.OrderValueExceeded);
    }

    [Theory]
    [InlineData(3, true)]
    [InlineData(4, true)]     // the fifth order of a five-order day
    [InlineData(5, false)]
    public void Check_OrdersPerDay_BelowTheLimit(int sentToday, bool approved)
    {
        var v = Engine(Loose with { MaxOrdersPerDay = 5 }).Check(Sell(Held, 1, null), Context(sentToday: sentToday));
        if (approved) AssertApproved(v, 1);
        else AssertRejected(v, RiskRejectCode.OrdersPerDayExceeded);
    }

    [Fact]
    public void CheckPlan_ApprovedOrdersCountTowardTheDailyLimit()
    {
        var v = Engine(Loose with { MaxOrdersPerDay = 5 }).CheckPlan([Sell(Held, 1, null), Buy(Other, 0, 20_000m), Sell(Held, 1, null), Sell(Held, 1, null)], Context(sentToday: 3));
        AssertApproved(v[0], 1);
        AssertRejected(v[1], RiskRejectCode.InvalidQuantity);  // a rejected order does not count
        AssertApproved(v[2], 1);
        AssertRejected(v[3], RiskRejectCode.OrdersPerDayExceeded);
    }

    [Theory]
    [InlineData("8700100", true)]   // −2.999%
    [InlineData("8700000", false)]  // −3% exactly: the limit is reached
    [InlineData("8600000", false)]
    public void Check_DailyLoss_AtTheLimitRefusesBuys(string cash, bool approved)
    {
        var portfolio = Portfolio(cash: decimal.Parse(cash));
        var ctx = Context(portfolio, dayStart: 10_000_000m, weekStart: 10_000_000m);
        var v = Engine(Loose with { DailyLossLimitPercent = 3m }).Check(Buy(Other, 1, 20_000m), ctx);
        if (approved) AssertApproved(v, 1);
        else AssertRejected(v, RiskRejectCode.DailyLossLimit);
    }

    [Fact]
    public void Check_DailyLossBreached_StillAllowsSellsAndSaysSo()
    {
        var ctx = Context(Portfolio(cash: 8_000_000m), dayStart: 10_000_000m);
        var v = Engine(Loose with { DailyLossLimitPercent = 3m }).Check(Sell(Held, 5, null), ctx);
        AssertApproved(v, 5);
        Assert.Contains("daily loss", v.Reason);
    }

    [Theory]
    [InlineData("8300100", true)]
    [InlineData("8300000", false)]  // −7% exactly
    [InlineData("8200000", false)]
    public void Check_WeeklyLoss_AtTheLimitRefusesBuys(string cash, bool approved)
    {
        var portfolio = Portfolio(cash: decimal.Parse(cash));
        var ctx = Context(portfolio, dayStart: portfolio.TotalEquity, weekStart: 10_000_000m);
        var v = Engine(Loose with { WeeklyLossLimitPercent = 7m }).Check(Buy(Other, 1, 20_000m), ctx);
        if (approved) AssertApproved(v, 1);
        else AssertRejected(v, RiskRejectCode.WeeklyLossLimit);
    }

    [Fact]
    public void CheckPlan_CashAccumulates_AndASellFreesNothingUntilFilled()
    {
        var v = Engine().CheckPlan([Buy(Other, 250, 20_000m), Buy(Other, 250, 20_000m)], Context());
        AssertApproved(v[0], 250);
        AssertRejected(v[1], RiskRejectCode.InsufficientBuyingPower);

        var afterSell = Engine().CheckPlan([Sell(Held, 10, 100_000m), Buy(Other, 475, 20_000m)], Context());
        AssertApproved(afterSell[0], 10);
        AssertRejected(afterSell[1], RiskRejectCode.InsufficientBuyingPower);
    }

    [Fact]
    public void Check_StrategyRuleBlock_RejectsWithTheRule()
    {
        var rules = new FixedRule(new RuleMatch("r7", RuleAction.Block, "no buys after a 3-day fall"));
        var v = Engine().Check(Buy(Other, 1, 20_000m), Context(rules: rules));
        AssertRejected(v, RiskRejectCode.StrategyRule);
        Assert.Contains("r7", v.Reason);
    }

    [Fact]
    public void Check_StrategyRuleReduceSize_ApprovesTheFlooredQuantity_AndChecksLimitsOnIt()
    {
        var rules = new FixedRule(new RuleMatch("half", RuleAction.ReduceSize, "halve in volatile markets", 0.5m));
        // 21 × 100,000 would be 31% of equity; halved (floor 10) it is exactly 20%.
        var v = Engine(Loose with { MaxTickerWeightPercent = 20m }).Check(Buy(Held, 21, 100_000m), Context(rules: rules));
        AssertApproved(v, 10);
        Assert.Contains("half", v.Reason);
    }

    [Fact]
    public void Check_StrategyRuleReducingToZero_Rejects()
    {
        var rules = new FixedRule(new RuleMatch("tiny", RuleAction.ReduceSize, "tiny", 0.1m));
        AssertRejected(Engine().Check(Buy(Other, 9, 20_000m), Context(rules: rules)), RiskRejectCode.StrategyRule);
        AssertApproved(Engine().Check(Buy(Other, 10, 20_000m), Context(rules: rules)), 1);
    }

    [Fact]
    public void Check_StrategyRuleRequireApproval_ApprovesWithTheFlag()
    {
        var rules = new FixedRule(new RuleMatch("ask", RuleAction.RequireApproval, "large position"));
        var v = Engine().Check(Buy(Other, 5, 20_000m), Context(rules: rules));
        AssertApproved(v, 5);
        Assert.True(v.RequiresApproval);
        Assert.False(Engine().Check(Buy(Other, 5, 20_000m), Context()).RequiresApproval);
    }
}
