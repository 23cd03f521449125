using System.Globalization;
using System.Text.Json;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// The realtime feed as the official wrapper (examples_llm/kis_auth.py KISWebSocket, data_fetch, system_resp,
/// aes_cbc_base64_dec, with examples_llm/domestic_stock/ccnl_krx/ccnl_krx.py and ccnl_notice/ccnl_notice.py) and
/// Soju06/python-kis (pykis/client/messaging.py KisWebsocketRequest, pykis/client/websocket.py) use it; frames
/// checked against KIS_API.md §6.
/// </summary>
public abstract class RealtimeConformance(ConformanceSimulator sim) : IDisposable
{
    private readonly HttpClient _http = new() { BaseAddress = sim.RestBase, Timeout = TimeSpan.FromSeconds(20) };
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(15);

    /// <summary>kis_auth.py data_fetch(tr_id, tr_type, params): header = _base_headers_ws {"content-type": "utf-8"} plus
    /// approval_key (auth_ws), then tr_type and custtype "P"; body {"input": {"tr_id", **params}}; sent as json.dumps.</summary>
    private static string OfficialMessage(string approval, string trType, string trId, string trKey) =>
        "{\"header\": " + KisWire.PythonJson([new("content-type", "utf-8"), new("approval_key", approval), new("tr_type", trType), new("custtype", "P")])
        + ", \"body\": {\"input\": " + KisWire.PythonJson([new("tr_id", trId), new("tr_key", trKey)]) + "}}";

    /// <summary>pykis/client/messaging.py KisWebsocketRequest.build(): header approval_key (a new one per request),
    /// custtype "P", tr_type, content-type "utf-8"; body {"input": KisWebsocketTR.build()} = {"tr_id", "tr_key"}.</summary>
    private static string PyKisMessage(string approval, string trType, string trId, string trKey) =>
        "{\"header\": " + KisWire.PythonJson([new("approval_key", approval), new("custtype", "P"), new("tr_type", trType), new("content-type", "utf-8")])
        + ", \"body\": {\"input\": " + KisWire.PythonJson([new("tr_id", trId), new("tr_key", trKey)]) + "}}";

    private static bool IsControl(string m, string trId) =>
        m.StartsWith('{') && JsonDocument.Parse(m).RootElement.GetProperty("header").Str("tr_id") == trId;

    private async Task<(OfficialSampleClient Client, string Approval)> OfficialSignedInAsync()
    {
        var client = new OfficialSampleClient(_http, ConformanceSimulator.NewApp(), sim.IsPaper);
        (await client.AuthAsync()).AssertHttpOk();
        return (client, (await client.AuthWsAsync()).AssertHttpOk().Body.Str("approval_key"));
    }

    [Fact]
    public async Task Official_CcnlKrx_IsAckedAndStreams46FieldRecords()
    {
        var (_, approval) = await OfficialSignedInAsync();
        // KISWebSocket.__runner(): websockets.connect(f"{my_url_ws}{api_url}") with api_url "/tryitout".
        await using var ws = await KisSocket.ConnectAsync(sim.WebSocketBase + "/tryitout");
        await ws.SendAsync(OfficialMessage(approval, "1", "H0STCNT0", "005930"));

        // system_resp(): header tr_id, tr_key, encrypt; body rt_cd ("0" = ok), msg1 ("UNSUB…" marks an unsubscribe),
        // output iv/key. KIS_API.md §6.3: msg_cd OPSP0000 "SUBSCRIBE SUCCESS", iv 16 chars, key 32 chars.
        var ack = JsonDocument.Parse(await ws.NextAsync(m => IsControl(m, "H0STCNT0"), Wait, "the H0STCNT0 ack")).RootElement;
        Assert.Equal("005930", ack.GetProperty("header").Str("tr_key"));
        Assert.Equal("N", ack.GetProperty("header").Str("encrypt"));
        var body = ack.GetProperty("body");
        Assert.Equal("0", body.Str("rt_cd"));
        Assert.Equal("OPSP0000", body.Str("msg_cd"));
        Assert.StartsWith("SUBSCRIBE SUCCESS", body.Str("msg1"), StringComparison.Ordinal);
        Assert.Equal(16, body.GetProperty("output").Str("iv").Length);
        Assert.Equal(32, body.GetProperty("output").Str("key").Length);

        // __subscriber(): raw[0] in "0"/"1", d1 = raw.split("|"), tr_id = d1[1], d = d1[3], read_csv(sep="^",
        // names=ccnl_krx columns (46)). KIS_API.md §6.5/6.6: NNN records of 46 fields, concatenated.
        var frame = (await ws.NextAsync(m => m.StartsWith("0|H0STCNT0|", StringComparison.Ordinal), Wait, "an H0STCNT0 record")).Split('|');
        Assert.Equal(4, frame.Length);
        Assert.Matches("^[0-9]{3}$", frame[2]);
        var count = int.Parse(frame[2], CultureInfo.InvariantCulture);
        var fields = frame[3].Split('^');
        Assert.Equal(46 * count, fields.Length);
        for (var r = 0; r < count; r++)
        {
            var f = fields.Skip(46 * r).Take(46).ToArray();
            Assert.Equal("005930", f[0]);                                               // MKSC_SHRN_ISCD
            DateTime.ParseExact(f[1], "HHmmss", CultureInfo.InvariantCulture);          // STCK_CNTG_HOUR
            Assert.True(decimal.Parse(f[2], CultureInfo.InvariantCulture) > 0);         // STCK_PRPR
            Assert.Contains(f[3], new[] { "1", "2", "3", "4", "5" });                   // PRDY_VRSS_SIGN
            Assert.True(long.Parse(f[12], CultureInfo.InvariantCulture) > 0);           // CNTG_VOL
            Assert.True(long.Parse(f[13], CultureInfo.InvariantCulture) >= long.Parse(f[12], CultureInfo.InvariantCulture)); // ACML_VOL
            Assert.Contains(f[21], new[] { "1", "3", "5" });                            // CCLD_DVSN
            Assert.Equal(KisWire.Yyyymmdd(KisWire.KstNow), f[33]);                      // BSOP_DATE
            Assert.Contains(f[35], new[] { "Y", "N" });                                 // TRHT_YN
        }
    }

    [Fact]
    public async Task Official_CcnlNotice_AckSaysEncryptedAndNoticesDecryptTo26Fields()
    {
        var (client, approval) = await OfficialSignedInAsync();
        var cano = ConformanceSimulator.NewAccount();
        const string htsId = "conformance1";
        var trId = sim.IsPaper ? "H0STCNI9" : "H0STCNI0"; // ccnl_notice.py: env_dv "demo" → H0STCNI9
        var lower = await OfficialSampleAuthConformance.LowerLimitAsync(client);

        await using var ws = await KisSocket.ConnectAsync(sim.WebSocketBase + "/tryitout");
        await ws.SendAsync(OfficialMessage(approval, "1", trId, htsId));
        var ack = JsonDocument.Parse(await ws.NextAsync(m => IsControl(m, trId), Wait, "the notice ack")).RootElement;
        Assert.Equal("0", ack.GetProperty("body").Str("rt_cd"));
        // __subscriber() decrypts only when data_map[tr_id]["encrypt"] == "Y", taken from this ack's header.
        Assert.Equal("Y", ack.GetProperty("header").Str("encrypt"));
        var key = ack.GetProperty("body").GetProperty("output").Str("key");
        var iv = ack.GetProperty("body").GetProperty("output").Str("iv");

        // examples_llm/domestic_stock/order_cash/order_cash.py: a resting limit buy, then a market buy that fills.
        async Task<string> BuyAsync(string dvsn, string price) =>
            (await client.FetchAsync("/uapi/domestic-stock/v1/trading/order-cash", sim.IsPaper ? "VTTC0012U" : "TTTC0012U", "",
            [
                new("CANO", cano), new("ACNT_PRDT_CD", "01"), new("PDNO", "005930"), new("ORD_DVSN", dvsn), new("ORD_QTY", "1"),
                new("ORD_UNPR", price), new("EXCG_ID_DVSN_CD", "KRX"), new("SLL_TYPE", ""), new("CNDT_PRIC", ""),
            ], post: true)).AssertOk().Output.Str("ODNO").TrimStart('0');
        var restingNo = await BuyAsync("00", lower);

        string[] Decrypted(string frame)
        {
            var d1 = frame.Split('|');
            Assert.True(d1.Length >= 4, frame);
            Assert.Equal(trId, d1[1]);
            Assert.Equal("001", d1[2]);
            return KisSocket.AesCbcBase64Dec(key, iv, d1[3]).Split('^');
        }

        bool IsNoticeFor(string m, string odno, string cntgYn)
        {
            if (!m.StartsWith("1|" + trId + "|", StringComparison.Ordinal)) return false;
            var f = Decrypted(m);
            return f.Length > 13 && f[2].TrimStart('0') == odno && f[13] == cntgYn;
        }

        // KIS_API.md §6.8 (ccnl_notice.py columns): 26 fields; CNTG_YN (13) 1 = order notice, 2 = fill.
        var accepted = Decrypted(await ws.NextAsync(m => IsNoticeFor(m, restingNo, "1"), Wait, "the order notice"));
        Assert.Equal(26, accepted.Length);
        Assert.Equal(htsId, accepted[0]);                      // CUST_ID
        Assert.Equal(cano + "01", accepted[1]);                // ACNT_NO
        Assert.Equal("02", accepted[4]);                       // SELN_BYOV_CLS 02 매수
        Assert.Equal("0", accepted[5]);                        // RCTF_CLS 0 정상
        Assert.Equal("00", accepted[6]);                       // ODER_KIND 지정가
        Assert.Equal("005930", accepted[8]);                   // STCK_SHRN_ISCD
        Assert.Equal(1, long.Parse(accepted[9], CultureInfo.InvariantCulture));   // CNTG_QTY = order quantity on an order notice
        DateTime.ParseExact(accepted[11], "HHmmss", CultureInfo.InvariantCulture); // STCK_CNTG_HOUR
        Assert.Equal("0", accepted[12]);                       // RFUS_YN 승인
        Assert.Equal("1", accepted[14]);                       // ACPT_YN 주문접수
        Assert.Equal(1, long.Parse(accepted[16], CultureInfo.InvariantCulture));  // ODER_QTY

        var filledNo = await BuyAsync("01", "0");
        var fill = Decrypted(await ws.NextAsync(m => IsNoticeFor(m, filledNo, "2"), Wait, "the fill notice"));
        Assert.Equal(26, fill.Length);
        Assert.Equal(1, long.Parse(fill[9], CultureInfo.InvariantCulture));       // CNTG_QTY
        Assert.True(decimal.Parse(fill[10], CultureInfo.InvariantCulture) > 0);   // CNTG_UNPR
        Assert.Equal("0", fill[12]);
    }

    [Fact]
    public async Task PyKis_SubscribeEchoPingPongAndUnsubscribeWithAFreshApprovalKey_AreAllAnswered()
    {
        var client = new PyKisClient(_http, ConformanceSimulator.NewApp());
        (await client.TokenIssueAsync()).AssertHttpOk();
        // KisWebsocketClient connects to f"{WEBSOCKET_…_DOMAIN}/tryitout".
        await using var ws = await KisSocket.ConnectAsync(sim.WebSocketBase + "/tryitout");
        await ws.SendAsync(PyKisMessage((await client.ApprovalKeyAsync()).AssertHttpOk().Body.Str("approval_key"), "1", "H0STCNT0", "000660"));
        // _handle_control(): body msg_cd OPSP0000 = subscribed; output → _set_encryption_key(body["key"], body["iv"]).
        var ack = JsonDocument.Parse(await ws.NextAsync(m => IsControl(m, "H0STCNT0"), Wait, "the H0STCNT0 ack")).RootElement;
        Assert.Equal("OPSP0000", ack.GetProperty("body").Str("msg_cd"));
        ack.GetProperty("body").GetProperty("output").Str("key");

        // "if id == "PINGPONG": self.websocket.send(json.dumps(data))" — the echo as a text frame. KIS_API.md §6.4:
        // {"header":{"tr_id":"PINGPONG","datetime":"YYYYMMDDHHMMSS"}}.
        var ping = await ws.NextAsync(m => IsControl(m, "PINGPONG"), Wait, "a PINGPONG");
        var datetime = JsonDocument.Parse(ping).RootElement.GetProperty("header").Str("datetime");
        DateTime.ParseExact(datetime, "yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        await ws.SendAsync(JsonSerializer.Serialize(JsonDocument.Parse(ping).RootElement));

        // Unsubscribe: python-kis builds every request with a newly issued approval key. OPSP0001; the official
        // system_resp marks it by msg1[:5] == "UNSUB".
        await ws.SendAsync(PyKisMessage((await client.ApprovalKeyAsync()).AssertHttpOk().Body.Str("approval_key"), "2", "H0STCNT0", "000660"));
        var unack = JsonDocument.Parse(await ws.NextAsync(m => IsControl(m, "H0STCNT0") && !m.Contains("OPSP0000", StringComparison.Ordinal), Wait, "the unsubscribe ack")).RootElement;
        Assert.Equal("OPSP0001", unack.GetProperty("body").Str("msg_cd"));
        Assert.StartsWith("UNSUB", unack.GetProperty("body").Str("msg1"), StringComparison.Ordinal);
    }

    public void Dispose()
    {
        _http.Dispose();
        GC.SuppressFinalize(this);
    }
}

[Collection(PaperConformanceCollection.Name)]
public sealed class RealtimePaperTests(PaperSimulator sim) : RealtimeConformance(sim);

[Collection(RealConformanceCollection.Name)]
public sealed class RealtimeRealTests(RealSimulator sim) : RealtimeConformance(sim);
