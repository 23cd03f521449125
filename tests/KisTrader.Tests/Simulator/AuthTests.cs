using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KisTrader.Simulator;

namespace KisTrader.Tests.Simulator;

/// <summary>KIS_API.md §2: tokenP, revokeP, Approval, hashkey, and the token checks of every REST call.</summary>
public sealed class AuthTests
{
    // These tests move the clock by hours: a slow market timer keeps the manual clock from stepping the market thousands of times.
    private static void HourlyMarket(SimulatorSettings s) => s.TickInterval = TimeSpan.FromHours(1);

    private static async Task<(HttpStatusCode Status, JsonElement Json)> TokenRequest(SimClient c, string appKey)
    {
        var r = await c.PostJsonAsync("/oauth2/tokenP", new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["appkey"] = appKey, ["appsecret"] = "s" });
        return (r.StatusCode, await r.Content.ReadFromJsonAsync<JsonElement>());
    }

    [Fact]
    public async Task TokenP_ReturnsBearerTokenValidFor24HoursInKst()
    {
        await using var c = await SimClient.StartAsync(withToken: false);
        var (status, json) = await TokenRequest(c, "k1");
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("Bearer", json.GetProperty("token_type").GetString());
        Assert.Equal(86400, json.GetProperty("expires_in").GetInt64());
        // 2026-11-20 10:00 KST + 24 h
        Assert.Equal("2026-11-21 10:00:00", json.GetProperty("access_token_token_expired").GetString());
        Assert.Equal(3, json.GetProperty("access_token").GetString()!.Split('.').Length);
    }

    [Fact]
    public async Task TokenP_SecondRequestWithinOneMinute_Is403Egw00133()
    {
        await using var c = await SimClient.StartAsync(withToken: false);
        await TokenRequest(c, "k1");
        c.Time.Advance(TimeSpan.FromSeconds(30));
        var (status, json) = await TokenRequest(c, "k1");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("EGW00133", json.GetProperty("error_code").GetString());
        Assert.False(json.TryGetProperty("rt_cd", out _));
        // Another app key is not limited by the first one.
        Assert.Equal(HttpStatusCode.OK, (await TokenRequest(c, "k2")).Status);
    }

    [Fact]
    public async Task TokenP_WithinSixHours_ReturnsTheSameToken_AfterSixHoursANewOne()
    {
        await using var c = await SimClient.StartAsync(HourlyMarket, withToken: false);
        var first = (await TokenRequest(c, "k1")).Json.GetProperty("access_token").GetString();
        c.Time.Advance(TimeSpan.FromHours(5));
        var again = (await TokenRequest(c, "k1")).Json;
        Assert.Equal(first, again.GetProperty("access_token").GetString());
        Assert.Equal(19 * 3600, again.GetProperty("expires_in").GetInt64());
        c.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromMinutes(1));
        Assert.NotEqual(first, (await TokenRequest(c, "k1")).Json.GetProperty("access_token").GetString());
    }

    [Fact]
    public async Task RestCall_AfterTwentyFourHours_IsEgw00123WithHttp500()
    {
        await using var c = await SimClient.StartAsync(HourlyMarket);
        Assert.Equal("0", (await c.PriceAsync("005930")).RtCd);
        c.Time.Advance(TimeSpan.FromHours(24));
        var r = await c.PriceAsync("005930");
        Assert.Equal(HttpStatusCode.InternalServerError, r.Status);
        Assert.Equal(("1", "EGW00123"), (r.RtCd, r.MsgCd));
    }

    [Fact]
    public async Task RestCall_WithUnknownOrForeignToken_IsEgw00121_AndWithoutBearerEgw00205()
    {
        await using var c = await SimClient.StartAsync();
        var unknown = await c.GetAsync(SimClient.QuotePath + "inquire-price", "FHKST01010100", [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930")], token: "nope");
        Assert.Equal("EGW00121", unknown.MsgCd);

        var other = (await TokenRequest(c, "other-key")).Json.GetProperty("access_token").GetString()!;
        var foreign = await c.GetAsync(SimClient.QuotePath + "inquire-price", "FHKST01010100", [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", "005930")], token: other);
        Assert.Equal("EGW00121", foreign.MsgCd);

        var m = new HttpRequestMessage(HttpMethod.Get, SimClient.QuotePath + "inquire-price?FID_COND_MRKT_DIV_CODE=J&FID_INPUT_ISCD=005930");
        m.Headers.TryAddWithoutValidation("authorization", c.Token); // no "Bearer "
        m.Headers.TryAddWithoutValidation("appkey", c.AppKey);
        m.Headers.TryAddWithoutValidation("appsecret", c.AppSecret);
        m.Headers.TryAddWithoutValidation("tr_id", "FHKST01010100");
        m.Headers.TryAddWithoutValidation("custtype", "P");
        Assert.Equal("EGW00205", (await c.SendAsync(m)).MsgCd);
    }

    [Fact]
    public async Task RevokeP_InvalidatesTheToken()
    {
        await using var c = await SimClient.StartAsync();
        var r = await c.PostJsonAsync("/oauth2/revokeP", new Dictionary<string, string> { ["appkey"] = c.AppKey, ["appsecret"] = c.AppSecret, ["token"] = c.Token });
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(200, json.GetProperty("code").GetInt32());
        Assert.Equal("EGW00121", (await c.PriceAsync("005930")).MsgCd);
    }

    [Fact]
    public async Task Approval_UsesSecretkeyField_AndReturnsAKey()
    {
        await using var c = await SimClient.StartAsync();
        var key = await c.ApprovalKeyAsync();
        Assert.Equal(36, key.Length);
        var wrongField = await c.PostJsonAsync("/oauth2/Approval", new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["appkey"] = c.AppKey, ["appsecret"] = c.AppSecret });
        Assert.Equal(HttpStatusCode.Forbidden, wrongField.StatusCode);
    }

    [Fact]
    public async Task FixedAppKeys_RejectUnknownKeyAndWrongSecret()
    {
        await using var c = await SimClient.StartAsync(s => s.FixedAppKeys = [new FixedCredential { AppKey = "test-app-key", AppSecret = "secret-test-app-key" }]);
        Assert.Equal("0", (await c.PriceAsync("005930")).RtCd);
        var (status, json) = await TokenRequest(c, "intruder");
        Assert.Equal(HttpStatusCode.Forbidden, status);
        Assert.Equal("EGW00103", json.GetProperty("error_code").GetString());
    }

    [Fact]
    public async Task Hashkey_EchoesBodyWith64HexHash_AndAMismatchingHashkeyHeaderIsEgw00131()
    {
        await using var c = await SimClient.StartAsync();
        var body = new Dictionary<string, string>
        {
            ["CANO"] = SimClient.Cano, ["ACNT_PRDT_CD"] = "01", ["PDNO"] = "005930", ["ORD_DVSN"] = "01", ["ORD_QTY"] = "1", ["ORD_UNPR"] = "0",
        };
        var m = new HttpRequestMessage(HttpMethod.Post, "/uapi/hashkey") { Content = JsonContent.Create(body) };
        m.Headers.TryAddWithoutValidation("appkey", c.AppKey);
        m.Headers.TryAddWithoutValidation("appsecret", c.AppSecret);
        var r = await c.Http.SendAsync(m);
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        var hash = json.GetProperty("HASH").GetString()!;
        Assert.Matches("^[0-9a-f]{64}$", hash);
        Assert.Equal("005930", json.GetProperty("BODY").GetProperty("PDNO").GetString());

        Assert.Equal("0", (await c.PostAsync(SimClient.TradePath + "order-cash", "VTTC0012U", body, hashkey: hash)).RtCd);
        body["ORD_QTY"] = "2";
        var tampered = await c.PostAsync(SimClient.TradePath + "order-cash", "VTTC0012U", body, hashkey: hash);
        Assert.Equal("EGW00131", tampered.MsgCd);
    }
}
