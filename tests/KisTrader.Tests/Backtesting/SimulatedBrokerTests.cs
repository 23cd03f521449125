using KisTrader.Core.Backtesting;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Tests.Backtesting;

/// <summary>The simulated broker over <see cref="YearEndFixture"/>: when and at what price orders fill, what they cost,
/// and when their cash settles. Every expected number is worked out by hand in the comments.</summary>
public sealed class SimulatedBrokerTests
{
    private static (BacktestClock Clock, SimulatedBroker Broker) Start(DateTimeOffset at, SimulatedBrokerOptions? options = null)
    {
        var clock = new BacktestClock(at, BarFixture.Calendar);
        return (clock, new SimulatedBroker(YearEndFixture.History(), clock, BarFixture.Calendar, options));
    }

    private static OrderRequest Buy(string ticker, long quantity, decimal? limit) =>
        new(ticker, Side.Buy, limit is null ? OrderPriceType.Market : OrderPriceType.Limit, quantity, limit);

    private static OrderRequest Sell(string ticker, long quantity, decimal? limit) =>
        new(ticker, Side.Sell, limit is null ? OrderPriceType.Market : OrderPriceType.Limit, quantity, limit);

    private static async Task<BrokerOrderId> AcceptedAsync(Task<OrderSubmission> submission)
    {
        var result = await submission;
        Assert.True(result.Status == SubmissionStatus.Accepted, $"{result.Code} {result.Message}");
        return result.OrderId!;
    }

    [Theory]
    // 005930 on 2025-12-22: open 55,000, high 55,600, low 54,700; the tick is 100 won. At the open the spread proxy is
    // the previous session's range (12-19: 55,200 − 54,100 = 1,100): today's would show through the 09:00 fill.
    [InlineData(0, "0", 55_000)]
    [InlineData(2, "0", 55_200)]   // two ticks above the open
    [InlineData(0, "0.1", 55_200)] // 10% of 1,100 = 110 → 55,110, rounded up onto the grid
    [InlineData(0, "0.05", 55_100)] // 5% of 1,100 = 55 → 55,055 → 55,100
    [InlineData(10, "0", 55_600)]  // ten ticks would be 56,000, above the day's high: the high
    public async Task MarketBuyBeforeTheOpen_FillsAtTheOpen_MovedAgainstUsByTheSlippageModel(int ticks, string fraction, int expected)
    {
        var slippage = new SlippageModel(ticks, decimal.Parse(fraction, System.Globalization.CultureInfo.InvariantCulture));
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 40), new SimulatedBrokerOptions { Slippage = slippage });
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, null)));

        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 8, 59));
        Assert.Empty(broker.Fills);
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 9, 0));
        var fill = Assert.Single(broker.Fills);
        Assert.Equal((expected, 10L, KrxCalendar.OpenOn(new DateOnly(2025, 12, 22))), ((int)fill.Price, fill.Quantity, fill.Time));
        // Commission: floor(price × 10 × 0.015%).
        Assert.Equal(Math.Floor(expected * 10m * 0.00015m), fill.Commission);
        Assert.Equal(0m, fill.Tax);
    }

    [Fact]
    public async Task LimitBelowTheOpen_FillsAtTheLimit_WhenTheDaysRangeReachesIt_AndShowsOnlyFromTheClose()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 50));
        var reached = await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 54_800m)));   // low 54,700 ≤ 54,800
        var touched = await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 54_700m)));   // low == 54,700: touching is enough
        var missed = await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 54_600m)));    // never reached

        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 12, 0));
        Assert.Empty(broker.Fills);
        Assert.Equal(3, (await broker.GetOpenOrdersAsync()).Orders.Count);
        Assert.All(await broker.GetOrdersAsync(new DateOnly(2025, 12, 22), new DateOnly(2025, 12, 22)), o => Assert.Equal(0, o.FilledQuantity));

        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        var fills = broker.Fills;
        Assert.Equal([(reached.OrderNo, 54_800m), (touched.OrderNo, 54_700m)], fills.Select(f => (f.OrderNo, f.Price)));
        Assert.All(fills, f => Assert.Equal(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)), f.Time));
        Assert.Empty((await broker.GetOpenOrdersAsync()).Orders);
        var rest = broker.Orders.Single(o => o.OrderNo == missed.OrderNo);
        Assert.Equal((0L, 10L), (rest.FilledQuantity, rest.CancelledQuantity));
        Assert.Contains("cancelled at the close", rest.Note, StringComparison.Ordinal);
    }

    [Fact]
    public async Task WithTradeThroughRequired_ALimitAtTheLow_DoesNotFill()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 50), new SimulatedBrokerOptions { LimitNeedsTradeThrough = true });
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 54_700m)));
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 54_800m)));
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        Assert.Equal([54_800m], broker.Fills.Select(f => f.Price));
    }

    [Fact]
    public async Task OrdersAfterTheOpen_MeetOnlyTheClosingPrice()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 10, 0));
        // 000660 on 2025-12-22: low 119,500, close 121,500.
        await AcceptedAsync(broker.PlaceAsync(Buy("000660", 5, null)));
        // The day's low went below 121,000, but a daily bar cannot say whether before or after 10:00: only the close counts.
        await AcceptedAsync(broker.PlaceAsync(Buy("000660", 5, 121_000m)));
        await AcceptedAsync(broker.PlaceAsync(Buy("000660", 5, 122_000m)));
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 15, 29));
        Assert.Empty(broker.Fills);
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        // The market order and the 122,000 limit fill at the close, 121,500 (a limit never pays more than the close).
        Assert.Equal([(5L, 121_500m), (5L, 121_500m)], broker.Fills.Select(f => (f.Quantity, f.Price)));
    }

    [Fact]
    public async Task ParticipationCap_FillsOurOrdersInTimePriority_AndCancelsTheRestAtTheClose()
    {
        // 0.1% of the day's 1,000,000 shares: 1,000 shares for all our orders in the ticker together.
        var options = new SimulatedBrokerOptions { InitialCash = 200_000_000m, Slippage = new SlippageModel(ParticipationCap: 0.001m) };
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 50), options);
        var first = await AcceptedAsync(broker.PlaceAsync(Buy("005930", 800, null)));
        var second = await AcceptedAsync(broker.PlaceAsync(Buy("005930", 600, null)));

        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 12, 0));
        Assert.Equal([(first.OrderNo, 800L), (second.OrderNo, 200L)], broker.Fills.Select(f => (f.OrderNo, f.Quantity)));
        var open = Assert.Single((await broker.GetOpenOrdersAsync()).Orders);
        Assert.Equal((second.OrderNo, 400L), (open.OrderId.OrderNo, open.CancellableQuantity));

        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        Assert.Empty((await broker.GetOpenOrdersAsync()).Orders);
        var row = (await broker.GetOrdersAsync(new DateOnly(2025, 12, 22), new DateOnly(2025, 12, 22))).Single(o => o.OrderNo == second.OrderNo);
        Assert.Equal((600L, 200L, 0L), (row.Quantity, row.FilledQuantity, row.RemainingQuantity));
        Assert.Equal(1_000L, (await broker.GetBalanceAsync()).Holdings.Single().Quantity);
    }

    [Fact]
    public async Task SaleProceeds_SettleOnT2ByTheCalendar_AndTheSellTaxIsTheRateOfTheSaleDate()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 26, 8, 50), new SimulatedBrokerOptions { InitialCash = 10_000_000m });

        // Fri 2025-12-26: buy 100 × 005930 at the open 56,100 = 5,610,000; commission floor(841.5) = 841.
        // Settles T+2: Mon 12-29 (T+1), Tue 12-30 (T+2).
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 100, 56_100m)));
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 29, 10, 0));
        var balance = await broker.GetBalanceAsync();
        Assert.Equal((10_000_000m, 4_389_159m), (balance.Cash, balance.CashD2)); // 10,000,000 − 5,610,841 owed, not yet paid
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 30, 8, 0));
        Assert.Equal(4_389_159m, (await broker.GetBalanceAsync()).Cash);

        // Tue 2025-12-30, 10:00: sell 50 at market → the close, 56,700 = 2,835,000; commission floor(425.25) = 425;
        // tax at 2025's 0.15%: floor(4,252.5) = 4,252. Net 2,830,323, settling T+2: 12-31 and 01-01 are closed, so
        // Fri 01-02 (T+1), Mon 01-05 (T+2).
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 30, 10, 0));
        await AcceptedAsync(broker.PlaceAsync(Sell("005930", 50, null)));
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 30)));
        var sale2025 = broker.Fills[^1];
        Assert.Equal((56_700m, 425m, 4_252m, new DateOnly(2026, 1, 5)), (sale2025.Price, sale2025.Commission, sale2025.Tax, sale2025.SettlesOn));
        balance = await broker.GetBalanceAsync();
        Assert.Equal((4_389_159m, 7_219_482m), (balance.Cash, balance.CashD2));
        // Unsettled proceeds buy stocks at once (KRX reuse), but cannot be withdrawn until they settle.
        Assert.Equal(7_219_482m, (await broker.GetBuyingPowerAsync("005930", OrderPriceType.Limit, 56_700m)).OrderableCash);
        Assert.Equal(4_389_159m, broker.WithdrawableCash);

        // Fri 2026-01-02, 10:00: sell the other 50 → close 57,300 = 2,865,000; commission floor(429.75) = 429;
        // tax at 2026's 0.20%: floor(5,730) = 5,730. Net 2,858,841, settling Tue 01-06.
        clock.AdvanceTo(BarFixture.Kst(2026, 1, 2, 10, 0));
        await AcceptedAsync(broker.PlaceAsync(Sell("005930", 50, null)));
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2026, 1, 2)));
        var sale2026 = broker.Fills[^1];
        Assert.Equal((57_300m, 429m, 5_730m, new DateOnly(2026, 1, 6)), (sale2026.Price, sale2026.Commission, sale2026.Tax, sale2026.SettlesOn));
        balance = await broker.GetBalanceAsync();
        Assert.Equal((4_389_159m, 10_078_323m), (balance.Cash, balance.CashD2));
        Assert.Empty(balance.Holdings);

        clock.AdvanceTo(BarFixture.Kst(2026, 1, 5, 8, 0));
        Assert.Equal(7_219_482m, (await broker.GetBalanceAsync()).Cash);
        clock.AdvanceTo(BarFixture.Kst(2026, 1, 6, 8, 0));
        Assert.Equal(10_078_323m, (await broker.GetBalanceAsync()).Cash);

        var profit = await broker.GetPeriodProfitAsync(new DateOnly(2025, 12, 1), new DateOnly(2026, 1, 31));
        Assert.Equal([(841m, 0m), (425m, 4_252m), (429m, 5_730m)], profit.Days.Select(d => (d.Fee, d.Tax)));
    }

    [Fact]
    public async Task Holdings_CarryTheAveragePrice_AndAreMarkedAtTheVisiblePrice()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 50), new SimulatedBrokerOptions { InitialCash = 10_000_000m });
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 55_000m)));            // 12-22 open 55,000
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 23, 8, 50));
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 30, 55_400m)));            // 12-23 open 55,400
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 23, 11, 0));
        // (10 × 55,000 + 30 × 55,400) / 40 = 55,300; marked at today's open 55,400 during the session.
        var holding = Assert.Single((await broker.GetBalanceAsync()).Holdings);
        Assert.Equal((40L, 40L, 55_300m, 2_212_000m, 55_400m, 2_216_000m, 4_000m), (holding.Quantity, holding.SellableQuantity, holding.AveragePrice,
            holding.PurchaseAmount, holding.CurrentPrice, holding.EvaluationAmount, holding.UnrealizedPnl));
        await AcceptedAsync(broker.PlaceAsync(Sell("005930", 15, 56_000m)));
        Assert.Equal(25L, (await broker.GetSellableQuantityAsync("005930")).Quantity);
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 23)));
        // The 56,000 sell after the open meets only the close, 55,900: unfilled. Marked at the close now.
        holding = Assert.Single((await broker.GetBalanceAsync()).Holdings);
        Assert.Equal((40L, 55_900m), (holding.SellableQuantity, holding.CurrentPrice));
    }

    [Fact]
    public async Task Refusals_NameTheReason_AndReserveNothing()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 0), new SimulatedBrokerOptions { InitialCash = 1_000_000m });
        Assert.Equal("MARKET_CLOSED", (await broker.PlaceAsync(Buy("005930", 1, 55_000m))).Code);
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 8, 50));
        // 18 × 55,000 = 990,000 + commission 148 = 990,148 of the 1,000,000.
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 18, 55_000m)));
        Assert.Equal(9_852m, (await broker.GetBuyingPowerAsync("005930", OrderPriceType.Limit, 55_000m)).OrderableCash);
        Assert.Equal(0L, (await broker.GetBuyingPowerAsync("005930", OrderPriceType.Limit, 55_000m)).MaxBuyQuantity);
        Assert.Equal("INSUFFICIENT_CASH", (await broker.PlaceAsync(Buy("005930", 1, 55_000m))).Code);
        Assert.Equal("OFF_TICK", (await broker.PlaceAsync(Buy("005930", 1, 55_050m))).Code); // the tick is 100 won here
        // Base 54,800: ±30% is 16,400 on the 100-won grid, so the limits are 38,400–71,200.
        Assert.Equal("OUTSIDE_LIMITS", (await broker.PlaceAsync(Sell("005930", 1, 71_300m))).Code);
        Assert.Equal("INSUFFICIENT_QUANTITY", (await broker.PlaceAsync(Sell("005930", 1, 55_000m))).Code);
        Assert.Equal("UNSUPPORTED_TYPE", (await broker.PlaceAsync(new OrderRequest("005930", Side.Buy, OrderPriceType.BestLimit, 1, null))).Code);
        Assert.Equal("UNKNOWN_TICKER", (await broker.PlaceAsync(Buy("999999", 1, 1_000m))).Code);
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 25, 9, 0));
        Assert.Equal("NOT_BUSINESS_DAY", (await broker.PlaceAsync(Buy("005930", 1, 55_000m))).Code);
        Assert.Single(broker.Orders);
    }

    [Fact]
    public async Task AmendAndCancel_WriteNewRowsPointingAtTheOriginal_AndTheAmendmentTradesAsANewOrder()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 50));
        var original = await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 54_000m)));
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 10, 0));
        // Amended after the open: it can only meet the close (55,400 ≤ 55,500, so it fills at 55,400).
        var amended = await AcceptedAsync(broker.AmendAsync(new ModifyRequest(original, "005930", OrderPriceType.Limit, null, 55_500m)));
        Assert.NotEqual(original.OrderNo, amended.OrderNo);
        var other = await AcceptedAsync(broker.PlaceAsync(Buy("005930", 5, 54_000m)));
        var cancel = await AcceptedAsync(broker.CancelAsync(new ModifyRequest(other, "005930", OrderPriceType.Limit, null, 54_000m)));
        Assert.Equal("NOTHING_TO_MODIFY", (await broker.CancelAsync(new ModifyRequest(other, "005930", OrderPriceType.Limit, null, 54_000m))).Code);
        Assert.Equal("ORDER_NOT_FOUND", (await broker.CancelAsync(new ModifyRequest(new BrokerOrderId("00000", "77"), "005930", OrderPriceType.Limit, null, null))).Code);
        Assert.Equal([amended.OrderNo], (await broker.GetOpenOrdersAsync()).Orders.Select(o => o.OrderId.OrderNo));

        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        var fill = Assert.Single(broker.Fills);
        Assert.Equal((amended.OrderNo, 55_400m, 10L), (fill.OrderNo, fill.Price, fill.Quantity));
        var rows = await broker.GetOrdersAsync(new DateOnly(2025, 12, 22), new DateOnly(2025, 12, 22));
        Assert.Equal(
            [(original.OrderNo, (string?)null, 10L, 0L, 0L, false), (amended.OrderNo, original.OrderNo, 10L, 10L, 0L, false),
             (other.OrderNo, null, 5L, 0L, 0L, false), (cancel.OrderNo, other.OrderNo, 5L, 0L, 0L, true)],
            rows.Select(r => (r.OrderNo, r.OriginalOrderNo, r.Quantity, r.FilledQuantity, r.RemainingQuantity, r.Cancelled)));
        Assert.Equal("MARKET_CLOSED", (await broker.AmendAsync(new ModifyRequest(amended, "005930", OrderPriceType.Limit, null, 55_000m))).Code);
    }

    [Fact]
    public async Task ConditionalLimit_RestsAsALimit_ThenTakesTheClose_AndABuyReservesTheUpperLimit()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 50), new SimulatedBrokerOptions { InitialCash = 1_000_000m });
        // 10 × the 71,200 upper limit = 712,000 + commission 106 is reserved, not 10 × 54,600.
        await AcceptedAsync(broker.PlaceAsync(new OrderRequest("005930", Side.Buy, OrderPriceType.ConditionalLimit, 10, 54_600m)));
        Assert.Equal(1_000_000m - 712_106m, (await broker.GetBuyingPowerAsync("005930", OrderPriceType.Limit, 55_000m)).OrderableCash);
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        // The low (54,700) never reached 54,600: at the close it became a market order, filled at the close 55,400.
        var fill = Assert.Single(broker.Fills);
        Assert.Equal((55_400m, 10L, KrxCalendar.CloseOn(new DateOnly(2025, 12, 22))), (fill.Price, fill.Quantity, fill.Time));
    }

    [Fact]
    public async Task ASellsSlippage_IsRoundedDownOntoTheGrid()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 8, 50), new SimulatedBrokerOptions { Slippage = new SlippageModel(RangeFraction: 0.1m) });
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, null)));
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 23, 8, 50));
        await AcceptedAsync(broker.PlaceAsync(Sell("005930", 10, null)));
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 23, 9, 0));
        // At the open the spread proxy is the previous session's range. 12-22: 55,000 + 10% × (55,200 − 54,100) = 55,110
        // → 55,200. 12-23: open 55,400 − 10% × (55,600 − 54,700) = 55,310 → 55,300.
        Assert.Equal([(Side.Buy, 55_200m), (Side.Sell, 55_300m)], broker.Fills.Select(f => (f.Side, f.Price)));
        // The sale's tax at 2025's 0.15%: floor(553,000 × 0.0015) = floor(829.5) = 829.
        Assert.Equal(829m, broker.Fills[^1].Tax);
    }

    [Fact]
    public async Task AtTheClose_TheSpreadProxyIsTheDaysOwnRange()
    {
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 22, 10, 0), new SimulatedBrokerOptions { Slippage = new SlippageModel(RangeFraction: 0.1m) });
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, null)));
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        // Seen only after the close: 55,400 + 10% × (55,600 − 54,700) = 55,490 → 55,500.
        Assert.Equal(55_500m, Assert.Single(broker.Fills).Price);
    }

    [Fact]
    public async Task WithoutReuse_UnsettledSaleProceeds_DoNotBuy_UntilTheySettle()
    {
        var options = new SimulatedBrokerOptions { InitialCash = 6_000_000m, ReuseUnsettledSales = false };
        var (clock, broker) = Start(BarFixture.Kst(2025, 12, 26, 8, 50), options);
        // 12-26: buy 100 at the open 56,100 (5,610,841 with commission); 12-29 10:00: sell them at the close 56,200.
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 100, 56_100m)));
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 29, 10, 0));
        await AcceptedAsync(broker.PlaceAsync(Sell("005930", 100, null)));
        clock.AdvanceTo(BarFixture.Kst(2025, 12, 30, 8, 50));
        // The buy settled today (6,000,000 − 5,610,841 = 389,159); the sale (5,620,000 − 843 − 8,430 tax) settles 01-02.
        var balance = await broker.GetBalanceAsync();
        Assert.Equal((389_159m, 6_000_000m - 5_610_841m + 5_620_000m - 843m - 8_430m), (balance.Cash, balance.CashD2));
        Assert.Equal(389_159m, (await broker.GetBuyingPowerAsync("005930", OrderPriceType.Limit, 56_700m)).OrderableCash);
        Assert.Equal("INSUFFICIENT_CASH", (await broker.PlaceAsync(Buy("005930", 10, 56_700m))).Code);
        clock.AdvanceTo(BarFixture.Kst(2026, 1, 2, 8, 50));
        await AcceptedAsync(broker.PlaceAsync(Buy("005930", 10, 56_700m)));
    }
}
