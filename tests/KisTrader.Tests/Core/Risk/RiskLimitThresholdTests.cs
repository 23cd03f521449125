using KisTrader.Core.Risk;
using static KisTrader.Tests.Core.Risk.RiskScenario;

namespace KisTrader.Tests.Core.Risk;

/// <summary>
/// Every limit at its threshold, just inside it (one won, one order or 0.01% of equity) and just beyond it, with the
/// exact verdict code. Account from <see cref="RiskScenario"/>: equity 10,000,000 (9,000,000 cash, 10 × 005930 at
/// 100,000); 000660 at 20,000 (limits 14,000–26,000); no commission. Only the limit under test is tight.
/// </summary>
public sealed class RiskLimitThresholdTests
{
    private static void AssertVerdict(RiskVerdict v, RiskRejectCode expected, long quantity)
    {
        Assert.True(expected == v.Code, $"expected {expected}, got {v.Code}: {v.Reason}");
        Assert.Equal(expected == RiskRejectCode.None ? quantity : 0, v.ApprovedQuantity);
    }

    // ---- daily loss: the limit is reached at exactly −3% (then buys are refused; sells stay allowed) ----

    [Theory]
    [InlineData(9_701_000, RiskRejectCode.None)]            // −2.99%: just inside
    [InlineData(9_700_000, RiskRejectCode.DailyLossLimit)]  // −3.00%: at the limit
    [InlineData(9_699_000, RiskRejectCode.DailyLossLimit)]  // −3.01%: beyond
    public void DailyLoss_RefusesBuysFromTheLimitOn(long equity, RiskRejectCode expected)
    {
        var ctx = Context(Portfolio(cash: equity - 1_000_000m), dayStart: 10_000_000m, weekStart: 10_000_000m);
        AssertVerdict(Engine(Loose with { DailyLossLimitPercent = 3m }).Check(Buy(Other, 1, 20_000m), ctx), expected, 1);
    }

    [Theory]
    [InlineData(9_701_000, false)]
    [InlineData(9_700_000, true)]
    [InlineData(9_699_000, true)]
    public void DailyLoss_AllowsSellsAtEveryLevel_AndNamesTheBreach(long equity, bool breached)
    {
        var ctx = Context(Portfolio(cash: equity - 1_000_000m), dayStart: 10_000_000m, weekStart: 10_000_000m);
        var v = Engine(Loose with { DailyLossLimitPercent = 3m }).Check(Sell(Held, 2, 100_000m), ctx);
        AssertVerdict(v, RiskRejectCode.None, 2);
        Assert.Equal(breached, v.Reason.Contains("daily loss", StringComparison.Ordinal));
    }

    // ---- weekly loss: reached at exactly −7%; no daily loss today ----

    [Theory]
    [InlineData(9_301_000, RiskRejectCode.None)]             // −6.99%
    [InlineData(9_300_000, RiskRejectCode.WeeklyLossLimit)]  // −7.00%
    [InlineData(9_299_000, RiskRejectCode.WeeklyLossLimit)]  // −7.01%
    public void WeeklyLoss_RefusesBuysFromTheLimitOn(long equity, RiskRejectCode expected)
    {
        var ctx = Context(Portfolio(cash: equity - 1_000_000m), dayStart: equity, weekStart: 10_000_000m);
        AssertVerdict(Engine(Loose with { WeeklyLossLimitPercent = 7m }).Check(Buy(Other, 1, 20_000m), ctx), expected, 1);
    }

    [Theory]
    [InlineData(9_301_000, false)]
    [InlineData(9_300_000, true)]
    [InlineData(9_299_000, true)]
    public void WeeklyLoss_AllowsSellsAtEveryLevel_AndNamesTheBreach(long equity, bool breached)
    {
        var ctx = Context(Portfolio(cash: equity - 1_000_000m), dayStart: equity, weekStart: 10_000_000m);
        var v = Engine(Loose with { WeeklyLossLimitPercent = 7m }).Check(Sell(Held, 2, null), ctx);
        AssertVerdict(v, RiskRejectCode.None, 2);
        Assert.Equal(breached, v.Reason.Contains("weekly loss", StringComparison.Ordinal));
    }

    // ---- per-ticker weight: 20% of 10,000,000 = 2,000,000 in 000660 (not held) ----

    [Theory]
    [InlineData(100, 19_990, RiskRejectCode.None)]                  // 1,999,000 = 19.99%
    [InlineData(100, 20_000, RiskRejectCode.None)]                  // 2,000,000 = 20.00%: at the cap is allowed
    [InlineData(87, 23_000, RiskRejectCode.TickerWeightExceeded)]   // 2,001,000 = 20.01%
    public void TickerWeight_AllowsUpToTheCap(long qty, long price, RiskRejectCode expected)
    {
        AssertVerdict(Engine(Loose with { MaxTickerWeightPercent = 20m }).Check(Buy(Other, qty, price), Context()), expected, qty);
    }

    [Theory]
    [InlineData(9, RiskRejectCode.None)]                    // 1,000,000 held + 900,000 = 19%
    [InlineData(10, RiskRejectCode.None)]                   // + 1,000,000 = 20%
    [InlineData(11, RiskRejectCode.TickerWeightExceeded)]   // + 1,100,000 = 21%
    public void TickerWeight_CountsWhatIsAlreadyHeld(long qty, RiskRejectCode expected)
    {
        AssertVerdict(Engine(Loose with { MaxTickerWeightPercent = 20m }).Check(Buy(Held, qty, 100_000m), Context()), expected, qty);
    }

    // ---- maximum order value: a 150 × 20,000 = 3,000,000 buy against a limit one won either side ----

    [Theory]
    [InlineData(3_000_001, RiskRejectCode.None)]                // the value is one won below the limit
    [InlineData(3_000_000, RiskRejectCode.None)]                // at the limit
    [InlineData(2_999_999, RiskRejectCode.OrderValueExceeded)]  // one won above it
    public void OrderValue_AllowsUpToTheLimit(long limit, RiskRejectCode expected)
    {
        AssertVerdict(Engine(Loose with { MaxOrderValueKrw = limit }).Check(Buy(Other, 150, 20_000m), Context()), expected, 150);
    }

    [Theory]
    [InlineData(3_000_001, RiskRejectCode.None)]
    [InlineData(3_000_000, RiskRejectCode.None)]
    [InlineData(2_999_999, RiskRejectCode.OrderValueExceeded)]
    public void OrderValue_OfAMarketBuy_IsTakenAtTheUpperLimit(long limit, RiskRejectCode expected)
    {
        // A market buy may fill up to the upper limit, so 100 at a 30,000 upper limit is worth 3,000,000 (at 23,100 now).
        var quotes = new Dictionary<string, KisTrader.Core.Market.Quote>
        {
            [Held] = Quote(Held, 100_000m, 70_000m, 130_000m, 100m),
            [Other] = Quote(Other, 23_100m, 16_200m, 30_000m, 50m),
        };
        AssertVerdict(Engine(Loose with { MaxOrderValueKrw = limit }).Check(Buy(Other, 100, null), Context(quotes: quotes)), expected, 100);
    }

    // ---- orders per day: a limit of 5 (this order is the 4th, the 5th, the 6th) ----

    [Theory]
    [InlineData(3, RiskRejectCode.None)]
    [InlineData(4, RiskRejectCode.None)]
    [InlineData(5, RiskRejectCode.OrdersPerDayExceeded)]
    public void OrdersPerDay_AllowsTheLastOrderOfTheDay(int sentToday, RiskRejectCode expected)
    {
        AssertVerdict(Engine(Loose with { MaxOrdersPerDay = 5 }).Check(Buy(Other, 1, 20_000m), Context(sentToday: sentToday)), expected, 1);
    }

    [Theory]
    [InlineData(3, RiskRejectCode.None)]
    [InlineData(4, RiskRejectCode.None)]
    [InlineData(5, RiskRejectCode.OrdersPerDayExceeded)]
    public void OrdersPerDay_CountsSellsToo(int sentToday, RiskRejectCode expected)
    {
        AssertVerdict(Engine(Loose with { MaxOrdersPerDay = 5 }).Check(Sell(Held, 1, null), Context(sentToday: sentToday)), expected, 1);
    }

    // ---- minimum cash reserve: 10%; a buy of 400 × 20,000 = 8,000,000 ----

    [Theory]
    [InlineData(9_000_001, RiskRejectCode.None)]         // leaves 1,000,001 of a 1,000,000.1 reserve
    [InlineData(9_000_000, RiskRejectCode.None)]         // leaves exactly the 1,000,000 reserve
    [InlineData(8_999_999, RiskRejectCode.CashReserve)]  // leaves 999,999 of a 999,999.9 reserve
    public void CashReserve_MayBeSpentDownToExactlyTheReserve(long cash, RiskRejectCode expected)
    {
        var ctx = Context(Portfolio(cash: cash));
        AssertVerdict(Engine(Loose with { MinCashReservePercent = 10m }).Check(Buy(Other, 400, 20_000m), ctx), expected, 400);
    }

    [Theory]
    [InlineData(9_001_334, RiskRejectCode.None)]         // leaves 1,000,134 of a 1,000,133.4 reserve
    [InlineData(9_001_333, RiskRejectCode.CashReserve)]  // leaves 1,000,133 of a 1,000,133.3 reserve
    [InlineData(9_000_000, RiskRejectCode.CashReserve)]  // enough without commission, not with it
    public void CashReserve_CountsTheCommission(long cash, RiskRejectCode expected)
    {
        // 0.015% of 8,000,000 = 1,200. Equity = cash + 1,000,000; reserve = 10% of it.
        var ctx = Context(Portfolio(cash: cash));
        AssertVerdict(Engine(Loose with { MinCashReservePercent = 10m }, commissionRate: 0.00015m).Check(Buy(Other, 400, 20_000m), ctx), expected, 400);
    }
}
