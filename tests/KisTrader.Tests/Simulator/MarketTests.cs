using KisTrader.Core.Market;
using KisTrader.Simulator;
using KisTrader.Simulator.Market;
using KisTrader.Simulator.Realtime;
using KisTrader.Testing;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>Market behaviour: session hours, day change, time acceleration, real-mode order types and profit.</summary>
public sealed class MarketTests
{
    [Fact]
    public async Task OutsideKrxHours_PricesDoNotMove()
    {
        var evening = new ManualTimeProvider(new DateTimeOffset(2026, 11, 20, 16, 0, 0, TimeSpan.FromHours(9)));
        await using var c = await StartAsync(s => s.AlwaysOpen = false, evening);
        var before = await c.PriceAsync("005930");
        c.Ticks(50);
        var after = await c.PriceAsync("005930");
        Assert.Equal((before.S("stck_prpr"), before.S("acml_vol")), (after.S("stck_prpr"), after.S("acml_vol")));
        // Started after the close, the simulator shows the finished session (as KIS does), not an empty day.
        Assert.True(long.Parse(after.S("acml_vol")) > 0);
    }

    [Fact]
    public async Task NewDay_StartsFromTheLastPrice_AndExpiresOpenOrders()
    {
        await using var c = await StartAsync(s => s.TickInterval = TimeSpan.FromHours(1));
        c.Ticks(1);
        var bid = D((await c.AskingAsync("005930")).Output1.GetProperty("bidp1").GetString()!);
        var odno = (await c.BuyAsync("005930", 1, "00", KrxRules.StepTicks(bid, -30))).S("ODNO");
        c.Ticks(12); // 23:00 KST
        var last = (await c.PriceAsync("005930")).S("stck_prpr");
        c.Ticks(1); // Saturday 00:00 KST: the always-open market rolls to the new day
        var price = await c.PriceAsync("005930");
        Assert.Equal(last, price.S("stck_sdpr"));
        var daily = await c.GetAsync(QuotePath + "inquire-daily-price", "FHKST01010400",
            [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930"), ("FID_PERIOD_DIV_CODE", "D"), ("FID_ORG_ADJ_PRC", "1")]);
        Assert.Equal("20261121", daily.Output[0].GetProperty("stck_bsop_date").GetString());
        Assert.Equal(("20261120", last), (daily.Output[1].GetProperty("stck_bsop_date").GetString(), daily.Output[1].GetProperty("stck_clpr").GetString()));
        Assert.Equal("0", (await c.DailyCcldAsync(odno: odno)).Output1[0].GetProperty("rmn_qty").GetString());
    }

    [Fact]
    public void SimClock_RunsFasterByTheAcceleration()
    {
        var host = new ManualTimeProvider(FridayMorning);
        var clock = new SimClock(host, 60);
        host.Advance(TimeSpan.FromMinutes(1));
        Assert.Equal(FridayMorning.AddHours(1), clock.GetUtcNow());
    }

    [Fact]
    public async Task RealMode_IocLimit_FillsWhatItCanAndCancelsTheRest()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        var book = (await c.AskingAsync("000270")).Output1;
        var (ask, askQty) = (D(book.GetProperty("askp1").GetString()!), L(book.GetProperty("askp_rsqn1").GetString()!));
        var r = await c.BuyAsync("000270", askQty + 5, "11", ask);
        Assert.Equal(("0", "APBK0013", "06010"), (r.RtCd, r.MsgCd, r.S("KRX_FWDG_ORD_ORGNO")));
        var row = (await c.DailyCcldAsync(odno: r.S("ODNO"))).Output1[0];
        Assert.Equal((askQty.ToString(), "0"), (row.GetProperty("tot_ccld_qty").GetString(), row.GetProperty("rmn_qty").GetString()));
        Assert.Equal("IOC", row.GetProperty("ccld_cndt_name").GetString());
        // FOK for more than the book holds at the limit is cancelled without a fill.
        var top = (await c.AskingAsync("000270")).Output1;
        var fok = await c.BuyAsync("000270", L(top.GetProperty("askp_rsqn1").GetString()!) + 1, "12", D(top.GetProperty("askp1").GetString()!));
        Assert.Equal("0", fok.RtCd);
        Assert.Equal("0", (await c.DailyCcldAsync(odno: fok.S("ODNO"))).Output1[0].GetProperty("tot_ccld_qty").GetString());
    }

    [Fact]
    public async Task RealMode_PeriodProfit_ReportsTheRoundTrip()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        var book = (await c.AskingAsync("005930")).Output1;
        var ask = D(book.GetProperty("askp1").GetString()!);
        Assert.True(L(book.GetProperty("askp_rsqn1").GetString()!) >= 10 && L(book.GetProperty("bidp_rsqn1").GetString()!) >= 10);
        var bid = D(book.GetProperty("bidp1").GetString()!);
        await c.BuyAsync("005930", 10);
        await c.SellAsync("005930", 10);
        var r = await c.GetAsync(TradePath + "inquire-period-profit", "TTTC8708R",
        [
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("INQR_STRT_DT", "20261120"), ("INQR_END_DT", "20261120"), ("PDNO", ""),
            ("SORT_DVSN", "00"), ("INQR_DVSN", "00"), ("CBLC_DVSN", "00"), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""),
        ]);
        var day = r.Output1[0];
        var (buy, sell) = (ask * 10, bid * 10);
        var fee = Math.Floor(buy * 0.00015m) + Math.Floor(sell * 0.00015m);
        var tax = Math.Floor(sell * 0.002m);
        Assert.Equal("20261120", day.GetProperty("trad_dt").GetString());
        Assert.Equal(fee, D(day.GetProperty("fee").GetString()!));
        Assert.Equal(tax, D(day.GetProperty("tl_tax").GetString()!));
        // KIS_API.md §9: realised P&L = sell amount − buy amount − both commissions − tax.
        Assert.Equal(sell - buy - fee - tax, D(day.GetProperty("rlzt_pfls").GetString()!));
    }

    [Fact]
    public async Task RealMode_NoticeTrIsH0stcni0_AndThePaperTrIsInvalid()
    {
        await using var c = await StartAsync(s => s.Mode = SimulatorMode.Real);
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STCNI9", "me");
        Assert.Equal("OPSP8991", (await ws.AckAsync()).GetProperty("body").GetProperty("msg_cd").GetString());
        await ws.SubscribeAsync(approval, "H0STCNI0", "me");
        var output = (await ws.AckAsync()).GetProperty("body").GetProperty("output");
        await c.BuyAsync("005930", 1);
        var frame = await ws.ReceiveUntilAsync(m => m.StartsWith("1|H0STCNI0|001|"));
        Assert.NotNull(frame);
        var fields = NoticeCipher.Decrypt(frame!.Split('|')[3], output.GetProperty("key").GetString()!, output.GetProperty("iv").GetString()!).Split('^');
        Assert.Equal(26, fields.Length);
    }
}
