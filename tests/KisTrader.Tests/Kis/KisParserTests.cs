using System.Text.Json;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Kis;
using KisTrader.Kis.Dto;
using KisTrader.Kis.Rest;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Kis;

/// <summary>Every KIS function's parser against a golden body written from KIS_API.md.</summary>
public sealed class KisParserTests
{
    private static readonly DateTimeOffset Now = new(2023, 6, 13, 0, 34, 0, TimeSpan.Zero); // 09:34 KST

    [Fact]
    public void InquirePrice_ReadsQuoteFields_AndIgnoresUnknownFields()
    {
        var quote = InquirePriceDto.Parse(Golden.Response("inquire_price"), "000660", Now);

        Assert.Equal(new Quote("000660", null, 126000m, -2500m, -1.95m, 128000m, 128500m, 125500m, 2684357, 339883269500m,
            128500m, 167000m, 90000m, 500m, Now), quote);
    }

    [Fact]
    public void InquirePrice_WhenRequiredFieldMissing_FailsNamingTheField()
    {
        var ex = Assert.Throws<KisResponseFormatException>(() => InquirePriceDto.Parse(Golden.Response("inquire_price_missing_field", "FHKST01010100"), "000660", Now));

        Assert.Equal("stck_prpr", ex.Field);
        Assert.Contains("stck_prpr", ex.Message);
        Assert.Equal("FHKST01010100", ex.TrId);
    }

    [Fact]
    public void InquirePrice_WhenPriceIsNotANumber_FailsNamingTheField()
    {
        var ex = Assert.Throws<KisResponseFormatException>(() => InquirePriceDto.Parse(Golden.Response("inquire_price_not_a_number"), "000660", Now));
        Assert.Equal("stck_prpr", ex.Field);
        Assert.Contains("not a number", ex.Message);
    }

    [Fact]
    public void InquireCcnl_ReadsRecentTradesNewestFirst()
    {
        var trades = InquireCcnlDto.Parse(Golden.Response("inquire_ccnl"));

        Assert.Equal([new RecentTrade(new TimeOnly(9, 33, 54), 71900m, -100m, 12, 87.34m), new RecentTrade(new TimeOnly(9, 33, 53), 72000m, 0m, 350, 87.40m)], trades);
    }

    [Fact]
    public void InquireDailyPrice_ReadsBarsOldestFirst()
    {
        var bars = InquireDailyPriceDto.Parse(Golden.Response("inquire_daily_price"));

        Assert.Equal(2, bars.Count);
        Assert.Equal(new DateOnly(2023, 6, 12), bars[0].Date);
        Assert.Equal(new Bar(new DateTimeOffset(2023, 6, 13, 0, 0, 0, KoreaTime.Offset), 72100m, 72400m, 71700m, 71900m, 3052507, 0m), bars[1]);
    }

    [Fact]
    public void InquireDailyItemChartPrice_ReadsOutput2BarsWithTradeValue()
    {
        var (bars, rows) = DailyItemChartPriceDto.Parse(Golden.Response("inquire_daily_itemchartprice"));

        Assert.Equal(2, rows);
        Assert.Equal(new Bar(new DateTimeOffset(2023, 6, 12, 0, 0, 0, KoreaTime.Offset), 71000m, 72200m, 70900m, 72000m, 3396331, 243052001500m), bars[0]);
        Assert.Equal(new DateOnly(2023, 6, 13), bars[1].Date);
    }

    [Fact]
    public void InquireDailyItemChartPrice_ReadsTheInstrumentNameFromOutput1()
    {
        Assert.Equal("삼성전자", DailyItemChartPriceDto.ParseName(Golden.Response("inquire_daily_itemchartprice")));
    }

    [Fact]
    public void InquireDailyItemChartPrice_SkipsBlankRowsKisSendsForEmptyWindows()
    {
        var response = KisResponseReader.Read("T", 200, null,
            """{"output1":{},"output2":[{"stck_bsop_date":"","stck_clpr":"","stck_oprc":"","stck_hgpr":"","stck_lwpr":"","acml_vol":""}],"rt_cd":"0","msg_cd":"MCA00000","msg1":"ok"}"""u8);

        Assert.Empty(DailyItemChartPriceDto.Parse(response).Bars);
    }

    [Fact]
    public void InquireTimeItemChartPrice_ReadsMinuteBarsOldestFirstInKst()
    {
        var bars = TimeItemChartPriceDto.Parse(Golden.Response("inquire_time_itemchartprice"));

        Assert.Equal(new Bar(new DateTimeOffset(2023, 6, 13, 9, 33, 0, KoreaTime.Offset), 72000m, 72000m, 71900m, 71950m, 38100, 0m), bars[0]);
        Assert.Equal(new TimeOnly(9, 34), TimeOnly.FromTimeSpan(bars[1].Time.ToKst().TimeOfDay));
    }

    [Fact]
    public void InquireAskingPrice_ReadsTenLevelsBestFirst_AndDropsEmptyLevels()
    {
        var book = InquireAskingPriceDtoParse();

        Assert.Equal(10, book.Asks.Count);
        Assert.Equal(9, book.Bids.Count); // bidp10 is 0 in the golden body
        Assert.Equal(new BookLevel(71900m, 1000), book.Asks[0]);
        Assert.Equal(new BookLevel(71800m, 500), book.Bids[0]);
        Assert.Equal(new BookLevel(72800m, 10000), book.Asks[9]);
        Assert.Equal(55000, book.TotalAskQuantity);
        Assert.Equal(22500, book.TotalBidQuantity);
        Assert.Equal(new DateTimeOffset(2023, 6, 13, 9, 33, 54, KoreaTime.Offset), book.Time);
    }

    private static OrderBookSnapshot InquireAskingPriceDtoParse() => AskingPriceDto.Parse(Golden.Response("inquire_asking_price_exp_ccn"), "005930", Now);

    [Fact]
    public void InquireBalance_ReadsHoldingsAndOutput2GivenAsOneElementArray()
    {
        var balance = InquireBalanceDto.Parse([Golden.Response("inquire_balance")]);

        Assert.Equal(10000000m, balance.Cash);
        Assert.Equal(9281500m, balance.CashD2);
        Assert.Equal(719000m, balance.SecuritiesValue);
        Assert.Equal(10000500m, balance.TotalEquity);
        Assert.Equal(10000393m, balance.NetAssets);
        Assert.Equal(718500m, balance.PurchaseAmountTotal);
        Assert.Equal(500m, balance.UnrealizedPnlTotal);
        // The position sold to zero today is left out.
        var holding = Assert.Single(balance.Holdings);
        Assert.Equal(new Holding("005930", "삼성전자", 10, 10, 71850m, 718500m, 71900m, 719000m, 500m, 0.07m), holding);
    }

    [Fact]
    public void InquireBalance_AcceptsOutput2AsAnObject()
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(Golden.Text("inquire_balance"))!.AsObject();
        root["output2"] = root["output2"]![0]!.DeepClone();
        var response = KisResponseReader.Read("T", 200, null, System.Text.Encoding.UTF8.GetBytes(root.ToJsonString()));

        Assert.Equal(10000000m, InquireBalanceDto.Parse([response]).Cash);
    }

    [Fact]
    public void InquireAccountBalance_ReadsTwentyClassesAndTotals()
    {
        var assets = InquireAccountBalanceDto.Parse(Golden.Response("inquire_account_balance"));

        Assert.Equal(20, assets.Classes.Count);
        Assert.Equal("주식", assets.Classes[0].Category);
        Assert.Equal(719000m, assets.Classes[0].EvaluationAmount);
        Assert.Equal("예수금", assets.Classes[17].Category);
        Assert.Equal(9281500m, assets.Classes[17].EvaluationAmount);
        Assert.Equal(10000500m, assets.TotalAssets);
        Assert.Equal(10000500m, assets.NetAssets);
        Assert.Equal(9281500m, assets.Deposit);
    }

    [Fact]
    public void InquirePsblOrder_ReadsBuyingPower()
    {
        Assert.Equal(new BuyingPower(9281500m, 9280108m, 99, 9280108m, 99), InquirePsblOrderDto.Parse(Golden.Response("inquire_psbl_order")));
    }

    [Fact]
    public void InquirePsblSell_ReadsOrderableQuantityFromBroker()
    {
        Assert.Equal(new SellableQuantity("005930", 7, DataSource.Broker), InquirePsblSellDto.Parse(Golden.Response("inquire_psbl_sell"), "005930"));
    }

    [Fact]
    public void OrderCash_ReadsUpperCaseOutputIntoOrderId()
    {
        var submission = OrderCashDto.ParseAccepted(Golden.Response("order_cash"));

        Assert.Equal(SubmissionStatus.Accepted, submission.Status);
        Assert.Equal(new BrokerOrderId("06010", "0001569157"), submission.OrderId);
        Assert.Equal(new TimeOnly(15, 52, 11), submission.AcceptedAt);
        Assert.Equal("APBK0013", submission.Code);
    }

    [Fact]
    public void OrderCash_ReadsPaperAcceptanceWithShortOrderNumber()
    {
        var submission = OrderCashDto.ParseAccepted(Golden.Response("order_cash_paper"));

        Assert.Equal(new BrokerOrderId("00950", "2696"), submission.OrderId);
        Assert.Equal("40600000", submission.Code);
    }

    [Fact]
    public void OrderRvseCncl_ReadsTheNewOrderNumber()
    {
        Assert.Equal(new BrokerOrderId("06010", "0001569160"), OrderRvseCnclDto.ParseAccepted(Golden.Response("order_rvsecncl")).OrderId);
    }

    [Fact]
    public void InquireDailyCcld_ReadsOrdersWithFillsAndRemainder()
    {
        var orders = InquireDailyCcldDto.Parse([Golden.Response("inquire_daily_ccld")]);

        Assert.Equal(2, orders.Count);
        Assert.Equal(new BrokerOrder(new DateOnly(2023, 6, 12), new TimeOnly(9, 30, 12), "06010", "0001569157", null, "005930", "삼성전자", Side.Buy, "00",
            10, 71900m, 10, 71850m, 718500m, 0, 0, false), orders[0]);
        Assert.Equal(Side.Sell, orders[1].Side);
        Assert.Equal(3, orders[1].RemainingQuantity);
        Assert.True(orders[1].IsOpen);
    }

    [Fact]
    public void InquirePsblRvseCncl_ReadsCancellableQuantity()
    {
        var open = Assert.Single(InquirePsblRvseCnclDto.Parse([Golden.Response("inquire_psbl_rvsecncl")]));

        Assert.Equal(new OpenOrder(new BrokerOrderId("06010", "0001569158"), "005930", Side.Sell, 5, 72500m, 2, 3, new TimeOnly(10, 15)), open);
    }

    [Fact]
    public void InquirePeriodProfit_ReadsDaysOldestFirst()
    {
        var days = InquirePeriodProfitDto.Parse([Golden.Response("inquire_period_profit")]);

        Assert.Equal([new DailyProfit(new DateOnly(2023, 6, 12), 718500m, 0m, 0m, 107m, 0m), new DailyProfit(new DateOnly(2023, 6, 13), 0m, 145000m, 1082m, 21m, 290m)], days);
    }

    [Fact]
    public void VolumeRank_ReadsEntriesInRankOrder()
    {
        var entries = VolumeRankDto.Parse(Golden.Response("volume_rank"));

        Assert.Equal(new RankingEntry(1, "005930", "삼성전자", 71900m, -100m, -0.14m, 3052507, 219853241700m), entries[0]);
        Assert.Equal("000660", entries[1].Ticker);
    }

    [Fact]
    public void Fluctuation_ReadsEntries()
    {
        var entry = Assert.Single(FluctuationDto.Parse(Golden.Response("fluctuation")));

        Assert.Equal(new RankingEntry(1, "123456", "가상종목", 13000m, 3000m, 30.00m, 5123456, 0m), entry);
    }

    [Fact]
    public void Token_ReadsExpiryAsKoreaTime()
    {
        var issuedAt = new DateTimeOffset(2023, 6, 13, 0, 30, 12, TimeSpan.Zero);
        var token = OAuthDto.ParseToken(JsonDocument.Parse(Golden.Text("token")).RootElement, issuedAt);

        Assert.StartsWith("eyJ0eXAi", token.Token);
        Assert.Equal(new DateTimeOffset(2023, 6, 14, 0, 30, 12, TimeSpan.Zero), token.ExpiresAt);
        Assert.Equal(issuedAt, token.IssuedAt);
    }

    [Fact]
    public void ApprovalAndHashKey_ReadTheirFields()
    {
        Assert.Equal("a2585daf-8c09-4587-9fce-8ab893b5e1ef", OAuthDto.ParseApprovalKey(JsonDocument.Parse(Golden.Text("approval")).RootElement));
        Assert.Equal(64, OAuthDto.ParseHash(JsonDocument.Parse(Golden.Text("hashkey")).RootElement).Length);
    }
}
