using System.Net;
using KisTrader.Simulator;

namespace KisTrader.Tests.Simulator;

/// <summary>KIS_API.md §3: headers, codes, tr_id routing, paper/real functions, rate limit, body rules.</summary>
public sealed class RestConventionTests
{
    [Fact]
    public async Task Response_CarriesTrIdTrContAndGtUidHeaders_AndPaddedMsg1()
    {
        await using var c = await SimClient.StartAsync();
        var r = await c.PriceAsync("005930");
        Assert.Equal("FHKST01010100", r.Header("tr_id"));
        Assert.True(r.Headers.Contains("tr_cont"));
        Assert.False(string.IsNullOrEmpty(r.Header("gt_uid")));
        Assert.Equal(("0", "MCA00000"), (r.RtCd, r.MsgCd));
        Assert.NotEqual(r.Msg1, r.Msg1.TrimEnd());
    }

    [Fact]
    public async Task WrongTrIdForThePath_IsOpsq0002()
    {
        await using var c = await SimClient.StartAsync();
        var r = await c.GetAsync(SimClient.QuotePath + "inquire-price", "FHKST01010400", [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930")]);
        Assert.Equal(("1", "OPSQ0002"), (r.RtCd, r.MsgCd));
        // A real TR ID is wrong in paper mode.
        var real = await c.OrderAsync("TTTC0012U", "005930", 1);
        Assert.Equal("OPSQ0002", real.MsgCd);
    }

    [Fact]
    public async Task RealOnlyFunction_InPaperMode_IsRefusedWithAClearMessage()
    {
        await using var c = await SimClient.StartAsync();
        var r = await c.GetAsync(SimClient.QuotePath + "volume-rank", "FHPST01710000", [("FID_COND_MRKT_DIV_CODE", "J")]);
        Assert.Equal(("1", "OPSQ0002"), (r.RtCd, r.MsgCd));
        Assert.Contains("모의투자", r.Msg1);
    }

    [Fact]
    public async Task RateLimit_AboveTheConfiguredRate_IsEgw00201WithHttp500_AndRecoversNextSecond()
    {
        await using var c = await SimClient.StartAsync(s => s.RateLimitPerSecond = 2);
        Assert.Equal("0", (await c.PriceAsync("005930")).RtCd);
        Assert.Equal("0", (await c.PriceAsync("005930")).RtCd);
        var limited = await c.PriceAsync("005930");
        Assert.Equal(HttpStatusCode.InternalServerError, limited.Status);
        Assert.Equal(("1", "EGW00201"), (limited.RtCd, limited.MsgCd));
        c.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal("0", (await c.PriceAsync("005930")).RtCd);
    }

    [Fact]
    public async Task QueryNames_AreCaseInsensitive()
    {
        await using var c = await SimClient.StartAsync();
        var r = await c.GetAsync(SimClient.QuotePath + "inquire-price", "FHKST01010100", [("fid_cond_mrkt_div_code", "J"), ("fid_input_iscd", "005930")]);
        Assert.Equal("0", r.RtCd);
    }

    [Fact]
    public async Task PostBody_NeedsUpperCaseKeysAndStringValues()
    {
        await using var c = await SimClient.StartAsync();
        var lower = await c.PostAsync(SimClient.TradePath + "order-cash", "VTTC0012U", new()
        {
            ["cano"] = SimClient.Cano, ["acnt_prdt_cd"] = "01", ["pdno"] = "005930", ["ord_dvsn"] = "01", ["ord_qty"] = "1", ["ord_unpr"] = "0",
        });
        Assert.NotEqual("0", lower.RtCd);

        var m = new HttpRequestMessage(HttpMethod.Post, SimClient.TradePath + "order-cash")
        {
            Content = new StringContent($"{{\"CANO\":\"{SimClient.Cano}\",\"ACNT_PRDT_CD\":\"01\",\"PDNO\":\"005930\",\"ORD_DVSN\":\"01\",\"ORD_QTY\":1,\"ORD_UNPR\":\"0\"}}",
                System.Text.Encoding.UTF8, "application/json"),
        };
        foreach (var (k, v) in new[] { ("authorization", "Bearer " + c.Token), ("appkey", c.AppKey), ("appsecret", c.AppSecret), ("tr_id", "VTTC0012U"), ("custtype", "P") })
            m.Headers.TryAddWithoutValidation(k, v);
        var numeric = await c.SendAsync(m);
        Assert.StartsWith("OPSQ99", numeric.MsgCd);
    }

    [Fact]
    public async Task InvalidAccount_IsOpsq2000()
    {
        await using var c = await SimClient.StartAsync(s => s.FixedAccounts = ["11112222"]);
        var r = await c.BalanceAsync(cano: "99998888");
        Assert.Equal(("2", "OPSQ2000"), (r.RtCd, r.MsgCd));
        Assert.Equal("0", (await c.BalanceAsync(cano: "11112222")).RtCd);
    }

    [Fact]
    public async Task InquireBalance_WithInqrDvsn02_IsRejectedOpsq2001()
    {
        await using var c = await SimClient.StartAsync();
        var r = await c.GetAsync(SimClient.TradePath + "inquire-balance", "VTTC8434R",
        [
            ("CANO", SimClient.Cano), ("ACNT_PRDT_CD", "01"), ("AFHR_FLPR_YN", "N"), ("OFL_YN", ""), ("INQR_DVSN", "02"), ("UNPR_DVSN", "01"),
            ("FUND_STTL_ICLD_YN", "N"), ("FNCG_AMT_AUTO_RDPT_YN", "N"), ("PRCS_DVSN", "00"), ("CTX_AREA_FK100", ""), ("CTX_AREA_NK100", ""),
        ]);
        Assert.Equal("OPSQ2001", r.MsgCd);
    }

    [Fact]
    public async Task RealMode_UsesRealTrIds_AndServesRealOnlyFunctions()
    {
        await using var c = await SimClient.StartAsync(s => s.Mode = SimulatorMode.Real);
        Assert.Equal("OPSQ0002", (await c.OrderAsync("VTTC0012U", "005930", 1)).MsgCd);
        var order = await c.BuyAsync("005930", 1);
        Assert.Equal(("0", "APBK0013"), (order.RtCd, order.MsgCd));
        var sell = await c.GetAsync(SimClient.TradePath + "inquire-psbl-sell", "TTTC8408R", [("CANO", SimClient.Cano), ("ACNT_PRDT_CD", "01"), ("PDNO", "005930")]);
        Assert.Equal("1", sell.S("ord_psbl_qty"));
        var account = await c.GetAsync(SimClient.TradePath + "inquire-account-balance", "CTRP6548R",
            [("CANO", SimClient.Cano), ("ACNT_PRDT_CD", "01"), ("INQR_DVSN_1", ""), ("BSPR_BF_DT_APLY_YN", "")]);
        Assert.Equal(20, account.Output1.GetArrayLength());
        Assert.Equal(JsonValueKindObject, account.Output2.ValueKind);
    }

    private const System.Text.Json.JsonValueKind JsonValueKindObject = System.Text.Json.JsonValueKind.Object;
}
