using System.Text.Json;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// KIS's older official samples, still published in koreainvestment/open-trading-api (commit 885dd4e2):
/// legacy/rest/current_price_samle.py (token and current price with minimal headers: no custtype, "appKey"/"appSecret",
/// lower-case query names) and legacy/Sample01/kis_domstk_ws.py (approval key with only a content-type header,
/// _build_message subscriptions to 실시간호가 and 실시간체결).
/// </summary>
public abstract class LegacySampleConformance(ConformanceSimulator sim) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sim.RestBase, Timeout = TimeSpan.FromSeconds(20) };
    private readonly KisApp _app = ConformanceSimulator.NewApp();

    [Fact]
    public async Task CurrentPriceSample_WithItsMinimalHeaders_GetsTheQuote()
    {
        // current_price_samle.py auth(): headers {"content-type": "application/json"},
        // body json.dumps({"grant_type": "client_credentials", "appkey", "appsecret"}); reads res.json()["access_token"].
        var tokenRequest = new HttpRequestMessage(HttpMethod.Post, "/oauth2/tokenP")
        {
            Content = KisWire.JsonContent(KisWire.PythonJson([new("grant_type", "client_credentials"), new("appkey", _app.AppKey), new("appsecret", _app.AppSecret)])),
        };
        var token = (await KisWire.SendAsync(_http, tokenRequest)).AssertHttpOk().Body.Str("access_token");

        // get_current_price(): headers Content-Type, authorization "Bearer …", appKey, appSecret, tr_id — no custtype;
        // params {"fid_cond_mrkt_div_code": "J", "fid_input_iscd": stock_no}; success is status 200 and rt_cd "0".
        var request = new HttpRequestMessage(HttpMethod.Get,
            "/uapi/domestic-stock/v1/quotations/inquire-price?" + KisWire.PythonQuery([new("fid_cond_mrkt_div_code", "J"), new("fid_input_iscd", "005930")]));
        request.Headers.TryAddWithoutValidation("authorization", $"Bearer {token}");
        request.Headers.TryAddWithoutValidation("appKey", _app.AppKey);
        request.Headers.TryAddWithoutValidation("appSecret", _app.AppSecret);
        request.Headers.TryAddWithoutValidation("tr_id", "FHKST01010100");
        request.Content = KisWire.JsonContent("");
        var a = (await KisWire.SendAsync(_http, request)).AssertOk();
        Assert.True(a.Output.Dec("stck_prpr") > 0);
        Assert.Equal("005930", a.Output.Str("stck_shrn_iscd"));
    }

    [Fact]
    public async Task DomstkWsSample_SubscribesOrderBookAndTrades_AndGetsAcksAndRecords()
    {
        // kis_domstk_ws.py get_approval(): headers {"content-type": "application/json"}, body {"grant_type", "appkey",
        // "secretkey"}; res.json()["approval_key"].
        var approvalRequest = new HttpRequestMessage(HttpMethod.Post, "/oauth2/Approval")
        {
            Content = KisWire.JsonContent(KisWire.PythonJson([new("grant_type", "client_credentials"), new("appkey", _app.AppKey), new("secretkey", _app.AppSecret)])),
        };
        var approval = (await KisWire.SendAsync(_http, approvalRequest)).AssertHttpOk().Body.Str("approval_key");

        await using var ws = await KisSocket.ConnectAsync(sim.WebSocketBase + "/tryitout");
        // on_open(): subscribe(ws, BID_ASK, key, code) then subscribe(ws, CONTRACT, key, code); _build_message header order:
        // approval_key, custtype "P", tr_type, content-type "utf-8".
        foreach (var tr in new[] { "H0STASP0", "H0STCNT0" })
        {
            await ws.SendAsync("{\"header\": " + KisWire.PythonJson([new("approval_key", approval), new("custtype", "P"), new("tr_type", "1"), new("content-type", "utf-8")])
                + ", \"body\": {\"input\": " + KisWire.PythonJson([new("tr_id", tr), new("tr_key", "005930")]) + "}}");
            var ack = JsonDocument.Parse(await ws.NextAsync(m => m.StartsWith('{') && m.Contains(tr, StringComparison.Ordinal), TimeSpan.FromSeconds(10), tr + " ack")).RootElement;
            // _get_sys_resp(): header tr_id, tr_key; body rt_cd "0", msg1, output iv/key.
            Assert.Equal(tr, ack.GetProperty("header").Str("tr_id"));
            Assert.Equal("005930", ack.GetProperty("header").Str("tr_key"));
            Assert.Equal("0", ack.GetProperty("body").Str("rt_cd"));
            ack.GetProperty("body").Str("msg1");
            ack.GetProperty("body").GetProperty("output").Str("iv");
        }

        // _dparse(): d1 = data.split("|"), len(d1) >= 4, tr_id = d1[1], pd.read_csv(d1[3], sep="^", names=cols):
        // bid_ask_cols has 59 names (KIS_API.md §6.7 lets the newest layout run to 63), contract_cols 46 (§6.6).
        var book = (await ws.NextAsync(m => m.StartsWith("0|H0STASP0|", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "an H0STASP0 record")).Split('|');
        Assert.True(book.Length >= 4);
        var bookFields = book[3].Split('^');
        Assert.Equal("005930", bookFields[0]);
        Assert.InRange(bookFields.Length / int.Parse(book[2], System.Globalization.CultureInfo.InvariantCulture), 59, 63);
        var trade = (await ws.NextAsync(m => m.StartsWith("0|H0STCNT0|", StringComparison.Ordinal), TimeSpan.FromSeconds(15), "an H0STCNT0 record")).Split('|');
        Assert.Equal(46 * int.Parse(trade[2], System.Globalization.CultureInfo.InvariantCulture), trade[3].Split('^').Length);
        Assert.Equal("005930", trade[3].Split('^')[0]);
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(PaperConformanceCollection.Name)]
public sealed class LegacySamplePaperTests(PaperSimulator sim) : LegacySampleConformance(sim);

[Collection(RealConformanceCollection.Name)]
public sealed class LegacySampleRealTests(RealSimulator sim) : LegacySampleConformance(sim);
