using KisTrader.Core.Market;
using KisTrader.Simulator;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>KIS_API.md §4.7, 4.9–4.11: orders, fills, rejects, amend/cancel, costs and buying power.</summary>
public sealed class OrderTests
{
    private static async Task<(decimal Ask1, long AskQty1, decimal Bid1)> Top(SimClient c, string code)
    {
        var book = (await c.AskingAsync(code)).Output1;
        return (D(book.GetProperty("askp1").GetString()!), L(book.GetProperty("askp_rsqn1").GetString()!), D(book.GetProperty("bidp1").GetString()!));
    }

    private static async Task<decimal> Cash(SimClient c) => D((await c.BalanceAsync()).Output2[0].GetProperty("dnca_tot_amt").GetString()!);

    [Fact]
    public async Task MarketBuy_FillsAtTheAsk_AndChargesCommission()
    {
        await using var c = await StartAsync();
        var (ask, askQty, _) = await Top(c, "005930");
        var qty = Math.Min(askQty, 5);
        var r = await c.BuyAsync("005930", qty);
        Assert.Equal(("0", "40600000"), (r.RtCd, r.MsgCd));
        Assert.Equal("00950", r.S("KRX_FWDG_ORD_ORGNO"));
        Assert.Matches("^[0-9]{10}$", r.S("ODNO"));
        Assert.Matches("^[0-9]{6}$", r.S("ORD_TMD"));

        var balance = await c.BalanceAsync();
        var holding = balance.Output1[0];
        Assert.Equal("005930", holding.GetProperty("pdno").GetString());
        Assert.Equal(qty.ToString(), holding.GetProperty("hldg_qty").GetString());
        Assert.Equal(ask, D(holding.GetProperty("pchs_avg_pric").GetString()!));
        var amount = ask * qty;
        Assert.Equal(100_000_000m - amount - Math.Floor(amount * 0.00015m), D(balance.Output2[0].GetProperty("dnca_tot_amt").GetString()!));
    }

    [Fact]
    public async Task LimitBuyLargerThanTheBestLevel_FillsPartlyAndRestsTheRest()
    {
        await using var c = await StartAsync();
        var (ask, askQty, _) = await Top(c, "000270");
        var r = await c.BuyAsync("000270", askQty + 7, "00", ask);
        Assert.Equal("0", r.RtCd);
        var row = (await c.DailyCcldAsync(odno: r.S("ODNO"))).Output1[0];
        Assert.Equal(askQty.ToString(), row.GetProperty("tot_ccld_qty").GetString());
        Assert.Equal("7", row.GetProperty("rmn_qty").GetString());
        Assert.Equal(ask, D(row.GetProperty("avg_prvs").GetString()!));
        var unfilled = await c.DailyCcldAsync(ccld: "02");
        Assert.Single(unfilled.Output1.EnumerateArray());
        // The rest now rests as the best bid.
        Assert.Equal(ask, (await Top(c, "000270")).Bid1);
    }

    [Fact]
    public async Task RestingLimit_FillsAtItsPrice_WhenTheMarketTradesThroughIt()
    {
        await using var c = await StartAsync();
        var (_, _, bid) = await Top(c, "005930");
        var r = await c.BuyAsync("005930", 3, "00", bid);
        var odno = r.S("ODNO");
        for (var i = 0; i < 600; i++)
        {
            c.Ticks(1);
            var row = (await c.DailyCcldAsync(odno: odno)).Output1[0];
            if (row.GetProperty("rmn_qty").GetString() == "0")
            {
                Assert.Equal("3", row.GetProperty("tot_ccld_qty").GetString());
                Assert.Equal(bid, D(row.GetProperty("avg_prvs").GetString()!));
                return;
            }
        }
        Assert.Fail("the resting bid never filled in 600 market steps");
    }

    [Fact]
    public async Task OffTickPrice_IsRejected()
    {
        await using var c = await StartAsync();
        var (_, _, bid) = await Top(c, "005930");
        var r = await c.BuyAsync("005930", 1, "00", bid + KrxRules.TickSize(bid) / 2);
        Assert.Equal("1", r.RtCd);
        Assert.Contains("호가단위", r.Msg1);
    }

    [Fact]
    public async Task PriceOutsideDailyLimits_IsRejected()
    {
        await using var c = await StartAsync();
        var price = await c.PriceAsync("005930");
        var upper = D(price.S("stck_mxpr"));
        var r = await c.BuyAsync("005930", 1, "00", KrxRules.StepTicks(upper, 1));
        Assert.Equal("1", r.RtCd);
        Assert.Contains("상하한가", r.Msg1);
    }

    [Fact]
    public async Task BuyBeyondCash_IsRejected_MarketOrdersReserveAtTheUpperLimit()
    {
        await using var c = await StartAsync(s => s.InitialCash = 1_000_000m);
        var upper = D((await c.PriceAsync("035720")).S("stck_mxpr"));
        var affordableAtLimit = (long)Math.Floor(1_000_000m / (upper * 1.00015m));
        var tooMany = await c.BuyAsync("035720", affordableAtLimit + 1);
        Assert.Equal("APBK0919", tooMany.MsgCd);
        Assert.Equal("0", (await c.BuyAsync("035720", affordableAtLimit)).RtCd);

        var psbl = await c.GetAsync(TradePath + "inquire-psbl-order", "VTTC8908R",
            [("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("PDNO", "035720"), ("ORD_UNPR", ""), ("ORD_DVSN", "01"), ("CMA_EVLU_AMT_ICLD_YN", "N"), ("OVRS_ICLD_YN", "N")]);
        Assert.Equal(upper, D(psbl.S("psbl_qty_calc_unpr")));
        Assert.Equal((long)Math.Floor(D(psbl.S("ord_psbl_cash")) / (upper * 1.00015m)), L(psbl.S("nrcvb_buy_qty")));
    }

    [Fact]
    public async Task SellMoreThanHeld_IsRejected()
    {
        await using var c = await StartAsync();
        var r = await c.SellAsync("005930", 1);
        Assert.Equal("1", r.RtCd);
        Assert.Contains("주문가능수량", r.Msg1);
        var refused = (await c.DailyCcldAsync()).Output1[0];
        Assert.Equal("1", refused.GetProperty("rjct_qty").GetString());
    }

    [Fact]
    public async Task Sell_ChargesCommissionAndTheKospiSellTaxOf2026()
    {
        await using var c = await StartAsync();
        Assert.Equal("0", (await c.BuyAsync("005930", 10)).RtCd);
        var before = await Cash(c);
        var (_, _, bid) = await Top(c, "005930");
        var bidQty = L((await c.AskingAsync("005930")).Output1.GetProperty("bidp_rsqn1").GetString()!);
        Assert.True(bidQty >= 10, "the best bid should absorb ten shares");
        var sold = await c.SellAsync("005930", 10);
        Assert.Equal(("0", "40600000"), (sold.RtCd, sold.MsgCd));
        var amount = bid * 10;
        var expected = before + amount - Math.Floor(amount * 0.00015m) - Math.Floor(amount * 0.0020m);
        Assert.Equal(expected, await Cash(c));
    }

    [Fact]
    public async Task OldOrderTrIds_AreAccepted()
    {
        await using var c = await StartAsync();
        Assert.Equal("0", (await c.OrderAsync("VTTC0802U", "005930", 1)).RtCd);
        Assert.Equal("0", (await c.OrderAsync("VTTC0801U", "005930", 1)).RtCd);
    }

    [Fact]
    public async Task Amend_CreatesANewOrderNumberAtTheNewPrice_AndCancelRemovesTheRest()
    {
        await using var c = await StartAsync();
        var (_, _, bid) = await Top(c, "005930");
        var low = KrxRules.StepTicks(bid, -20);
        var placed = await c.BuyAsync("005930", 10, "00", low);
        var odno = placed.S("ODNO");

        var amended = await c.ModifyAsync("00950", odno, "01", 0, KrxRules.StepTicks(low, 1), all: true);
        Assert.Equal(("0", "40600000"), (amended.RtCd, amended.MsgCd));
        var newOdno = amended.S("ODNO");
        Assert.NotEqual(odno, newOdno);
        var row = (await c.DailyCcldAsync(odno: newOdno)).Output1[0];
        Assert.Equal(odno, row.GetProperty("orgn_odno").GetString());
        Assert.Equal(KrxRules.StepTicks(low, 1), D(row.GetProperty("ord_unpr").GetString()!));
        Assert.Equal("10", row.GetProperty("rmn_qty").GetString());
        Assert.Equal("0", (await c.DailyCcldAsync(odno: odno)).Output1[0].GetProperty("rmn_qty").GetString());

        var partCancel = await c.ModifyAsync("00950", newOdno, "02", 4, 0, all: false);
        Assert.Equal("0", partCancel.RtCd);
        Assert.Equal("6", (await c.DailyCcldAsync(odno: newOdno)).Output1[0].GetProperty("rmn_qty").GetString());
        var cancelAll = await c.ModifyAsync("00950", newOdno, "02", 0, 0, all: true);
        Assert.Equal("0", cancelAll.RtCd);
        var cancelRow = (await c.DailyCcldAsync(odno: cancelAll.S("ODNO"))).Output1[0];
        Assert.Equal(("Y", "6"), (cancelRow.GetProperty("cncl_yn").GetString(), cancelRow.GetProperty("cncl_cfrm_qty").GetString()));
        Assert.Empty((await c.DailyCcldAsync(ccld: "02")).Output1.EnumerateArray());
        // Nothing left to cancel.
        Assert.Equal("1", (await c.ModifyAsync("00950", newOdno, "02", 0, 0, all: true)).RtCd);
    }

    [Fact]
    public async Task OrdersOutsideKrxHours_AreRejected40580000_AndOnWeekends40100000()
    {
        var evening = new KisTrader.Testing.ManualTimeProvider(new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.FromHours(9)));
        await using (var c = await StartAsync(s => s.AlwaysOpen = false, evening))
            Assert.Equal("40580000", (await c.BuyAsync("005930", 1)).MsgCd);
        var saturday = new KisTrader.Testing.ManualTimeProvider(new DateTimeOffset(2026, 11, 21, 10, 0, 0, TimeSpan.FromHours(9)));
        await using (var c = await StartAsync(s => s.AlwaysOpen = false, saturday))
            Assert.Equal("40100000", (await c.BuyAsync("005930", 1)).MsgCd);
    }

    [Fact]
    public async Task OrderBeforeTheDaysFirstMarketStep_BelongsToTheNewDay_AndIsNotExpiredWhenTheStepComes()
    {
        // Found by the soak: an order taken after the open but before the first step of a new day was dated the old
        // day, and the step's day roll expired it with the old day's orders (the app's cancel then got APBK0918).
        // Market steps an hour of host time apart, the calendar 100000× faster: 0.654 s of host time is Monday
        // 15:00 → Tuesday 09:10 with no step in between.
        var monday = new KisTrader.Testing.ManualTimeProvider(new DateTimeOffset(2026, 11, 16, 15, 0, 0, TimeSpan.FromHours(9)));
        await using var c = await StartAsync(s => { s.AlwaysOpen = false; s.TimeAcceleration = 100_000; s.TickInterval = TimeSpan.FromHours(1); }, monday);
        monday.Advance(TimeSpan.FromHours(18) / 100_000 + TimeSpan.FromMinutes(10) / 100_000);

        var bid10 = D((await c.AskingAsync("005930")).Output1.GetProperty("bidp10").GetString()!);
        var r = await c.BuyAsync("005930", 3, "00", bid10);
        Assert.Equal("0", r.RtCd);
        var odno = r.S("ODNO");
        c.Host.Exchange.Step();

        lock (c.Host.Exchange.Gate)
        {
            var order = c.Host.Exchange.Orders.Single(o => o.Odno == odno);
            Assert.Equal(new DateOnly(2026, 11, 17), order.Date);
            Assert.Equal((3L, 0L), (order.Remaining, order.CancelledQuantity));
        }
    }

    [Fact]
    public async Task UnsupportedOrderDivisionInPaper_IsRejected_ButBestPriceDivisionsWork()
    {
        await using var c = await StartAsync();
        Assert.Equal("1", (await c.BuyAsync("005930", 1, "11", 0)).RtCd);
        Assert.Equal("0", (await c.BuyAsync("005930", 1, "03", 0)).RtCd);
        Assert.Equal("0", (await c.BuyAsync("005930", 1, "04", 0)).RtCd);
    }

    [Fact]
    public async Task InquireBalance_PagesTwentyRowsInPaperWithCtxArea()
    {
        await using var c = await StartAsync();
        var codes = c.Host.Exchange.Instruments.Select(i => i.Code).Take(21).ToList();
        foreach (var code in codes) Assert.Equal("0", (await c.BuyAsync(code, 1)).RtCd);

        var first = await c.BalanceAsync();
        Assert.Equal("M", first.Header("tr_cont"));
        Assert.Equal(20, first.Output1.GetArrayLength());
        var fk = first.Json.GetProperty("ctx_area_fk100").GetString()!;
        var nk = first.Json.GetProperty("ctx_area_nk100").GetString()!;
        Assert.Equal(100, fk.Length);
        Assert.Equal(100, nk.Length);
        Assert.Equal(1, first.Output2.GetArrayLength());

        var second = await c.BalanceAsync("N", fk, nk);
        Assert.Equal("D", second.Header("tr_cont"));
        Assert.Equal(1, second.Output1.GetArrayLength());
        var all = first.Output1.EnumerateArray().Concat(second.Output1.EnumerateArray()).Select(x => x.GetProperty("pdno").GetString()!).ToHashSet();
        Assert.Equal(codes.ToHashSet(), all);
    }

    [Fact]
    public async Task InquireDailyCcld_PagesFifteenRowsInPaper_NewestFirstOrChronological()
    {
        await using var c = await StartAsync();
        for (var i = 0; i < 17; i++) Assert.Equal("0", (await c.BuyAsync("005930", 1)).RtCd);
        var first = await c.DailyCcldAsync();
        Assert.Equal("M", first.Header("tr_cont"));
        var odnos = first.Output1.EnumerateArray().Select(x => x.GetProperty("odno").GetString()!).ToList();
        Assert.Equal(15, odnos.Count);
        Assert.Equal(odnos.OrderDescending(StringComparer.Ordinal), odnos);
        var second = await c.DailyCcldAsync("N", first.Json.GetProperty("ctx_area_fk100").GetString()!, first.Json.GetProperty("ctx_area_nk100").GetString()!);
        Assert.Equal("D", second.Header("tr_cont"));
        Assert.Equal(2, second.Output1.GetArrayLength());
        Assert.Equal("17", first.Output2.GetProperty("tot_ccld_qty").GetString());
        var chronological = await c.DailyCcldAsync(order: "01");
        Assert.Equal("0000000001", chronological.Output1[0].GetProperty("odno").GetString());
    }

    [Fact]
    public async Task RealMode_PsblRvsecncl_ListsOpenOrdersWithPsblQty()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        var bid = D((await c.AskingAsync("005930")).Output1.GetProperty("bidp1").GetString()!);
        var odno = (await c.BuyAsync("005930", 7, "00", KrxRules.StepTicks(bid, -10))).S("ODNO");
        var r = await c.GetAsync(TradePath + "inquire-psbl-rvsecncl", "TTTC0084R",
            [("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""), ("INQR_DVSN_1", "0"), ("INQR_DVSN_2", "0")]);
        var row = r.Output[0];
        Assert.Equal((odno, "7"), (row.GetProperty("odno").GetString(), row.GetProperty("psbl_qty").GetString()));
        // The old TR ID is accepted too.
        var old = await c.GetAsync(TradePath + "inquire-psbl-rvsecncl", "TTTC8036R",
            [("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""), ("INQR_DVSN_1", "0"), ("INQR_DVSN_2", "0")]);
        Assert.Equal("0", old.RtCd);
    }
}
