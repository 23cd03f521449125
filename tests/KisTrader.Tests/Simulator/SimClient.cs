using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KisTrader.Simulator;
using KisTrader.Testing;

namespace KisTrader.Tests.Simulator;

/// <summary>A KIS answer as a test sees it.</summary>
internal sealed record KisResponse(HttpStatusCode Status, HttpResponseHeaders Headers, JsonElement Json)
{
    public string RtCd => Json.GetProperty("rt_cd").GetString()!;
    public string MsgCd => Json.GetProperty("msg_cd").GetString()!;
    public string Msg1 => Json.GetProperty("msg1").GetString()!;
    public JsonElement Output => Json.GetProperty("output");
    public JsonElement Output1 => Json.GetProperty("output1");
    public JsonElement Output2 => Json.GetProperty("output2");
    public string Header(string name) => Headers.TryGetValues(name, out var v) ? string.Join(",", v) : "";
    public string S(string field) => Output.GetProperty(field).GetString()!;
    public override string ToString() => $"{(int)Status} {Json}";
}

/// <summary>
/// A simulator on a loopback ephemeral port, driven by a manual clock, with a KIS-speaking HTTP client.
/// Written from KIS_API.md (paths, headers, field names), never from the client project.
/// </summary>
internal sealed class SimClient : IAsyncDisposable
{
    /// <summary>Friday 2026-11-20 10:00 KST: a business day, inside the session.</summary>
    public static readonly DateTimeOffset FridayMorning = new(2026, 11, 20, 10, 0, 0, TimeSpan.FromHours(9));
    public const string Cano = "50123456";
    public const string QuotePath = "/uapi/domestic-stock/v1/quotations/";
    public const string TradePath = "/uapi/domestic-stock/v1/trading/";

    private SimClient(SimulatorHost host, ManualTimeProvider time, string appKey)
    {
        Host = host;
        Time = time;
        AppKey = appKey;
        Http = new HttpClient { BaseAddress = host.BaseUrl, Timeout = TimeSpan.FromSeconds(20) };
    }

    public SimulatorHost Host { get; }
    public ManualTimeProvider Time { get; }
    public HttpClient Http { get; }
    public string AppKey { get; }
    public string AppSecret => "secret-" + AppKey;
    public string Token { get; set; } = "";

    public static SimulatorSettings DefaultSettings() => new()
    {
        // The manual clock never moves by itself, so the token bucket would never refill: tests that are not about it set it high.
        RateLimitPerSecond = 1_000_000,
    };

    public static async Task<SimClient> StartAsync(Action<SimulatorSettings>? configure = null, ManualTimeProvider? time = null, bool withToken = true,
        string appKey = "test-app-key", Microsoft.Extensions.Logging.ILoggerFactory? loggerFactory = null,
        Microsoft.AspNetCore.DataProtection.IDataProtector? stateProtector = null)
    {
        var settings = DefaultSettings();
        configure?.Invoke(settings);
        time ??= new ManualTimeProvider(FridayMorning);
        var host = await SimulatorHost.StartAsync(settings, "http://127.0.0.1:0", time, loggerFactory, stateProtector: stateProtector);
        var client = new SimClient(host, time, appKey);
        if (withToken) client.Token = await client.IssueTokenAsync();
        return client;
    }

    public async Task<HttpResponseMessage> PostJsonAsync(string path, object body) =>
        await Http.PostAsync(path, new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json"));

    public async Task<string> IssueTokenAsync()
    {
        var r = await PostJsonAsync("/oauth2/tokenP", new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["appkey"] = AppKey, ["appsecret"] = AppSecret });
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(r.IsSuccessStatusCode, json.ToString());
        return json.GetProperty("access_token").GetString()!;
    }

    public async Task<string> ApprovalKeyAsync()
    {
        var r = await PostJsonAsync("/oauth2/Approval", new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["appkey"] = AppKey, ["secretkey"] = AppSecret });
        var json = await r.Content.ReadFromJsonAsync<JsonElement>();
        return json.GetProperty("approval_key").GetString()!;
    }

    private HttpRequestMessage Request(HttpMethod method, string pathAndQuery, string trId, string trCont, string? token)
    {
        var m = new HttpRequestMessage(method, pathAndQuery);
        m.Headers.TryAddWithoutValidation("authorization", "Bearer " + (token ?? Token));
        m.Headers.TryAddWithoutValidation("appkey", AppKey);
        m.Headers.TryAddWithoutValidation("appsecret", AppSecret);
        m.Headers.TryAddWithoutValidation("tr_id", trId);
        m.Headers.TryAddWithoutValidation("tr_cont", trCont);
        m.Headers.TryAddWithoutValidation("custtype", "P");
        return m;
    }

    public async Task<KisResponse> GetAsync(string path, string trId, IEnumerable<(string Name, string Value)> query, string trCont = "", string? token = null)
    {
        var qs = string.Join("&", query.Select(q => Uri.EscapeDataString(q.Name) + "=" + Uri.EscapeDataString(q.Value)));
        return await SendAsync(Request(HttpMethod.Get, path + "?" + qs, trId, trCont, token));
    }

    public async Task<KisResponse> PostAsync(string path, string trId, Dictionary<string, string> body, string? token = null, string? hashkey = null)
    {
        var m = Request(HttpMethod.Post, path, trId, "", token);
        if (hashkey is not null) m.Headers.TryAddWithoutValidation("hashkey", hashkey);
        m.Content = new StringContent(JsonSerializer.Serialize(body), Encoding.UTF8, "application/json");
        return await SendAsync(m);
    }

    public async Task<KisResponse> SendAsync(HttpRequestMessage m)
    {
        using var r = await Http.SendAsync(m);
        var text = await r.Content.ReadAsStringAsync();
        return new KisResponse(r.StatusCode, r.Headers, JsonDocument.Parse(text).RootElement.Clone());
    }

    // ------------------------------------------------------------ KIS functions used by many tests

    public Task<KisResponse> PriceAsync(string code) =>
        GetAsync(QuotePath + "inquire-price", "FHKST01010100", [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", code)]);

    public Task<KisResponse> AskingAsync(string code) =>
        GetAsync(QuotePath + "inquire-asking-price-exp-ccn", "FHKST01010200", [("FID_COND_MRKT_DIV_CODE", "J"), ("FID_INPUT_ISCD", code)]);

    public Task<KisResponse> OrderAsync(string trId, string code, long qty, string division = "01", decimal price = 0, string cano = Cano) =>
        PostAsync(TradePath + "order-cash", trId, new()
        {
            ["CANO"] = cano, ["ACNT_PRDT_CD"] = "01", ["PDNO"] = code, ["ORD_DVSN"] = division,
            ["ORD_QTY"] = qty.ToString(), ["ORD_UNPR"] = price.ToString("0"),
        });

    public Task<KisResponse> BuyAsync(string code, long qty, string division = "01", decimal price = 0, string cano = Cano) =>
        OrderAsync(Host.Settings.Mode == SimulatorMode.Real ? "TTTC0012U" : "VTTC0012U", code, qty, division, price, cano);

    public Task<KisResponse> SellAsync(string code, long qty, string division = "01", decimal price = 0, string cano = Cano) =>
        OrderAsync(Host.Settings.Mode == SimulatorMode.Real ? "TTTC0011U" : "VTTC0011U", code, qty, division, price, cano);

    public Task<KisResponse> ModifyAsync(string orgNo, string odno, string kind, long qty, decimal price, bool all, string division = "00") =>
        PostAsync(TradePath + "order-rvsecncl", Host.Settings.Mode == SimulatorMode.Real ? "TTTC0013U" : "VTTC0013U", new()
        {
            ["CANO"] = Cano, ["ACNT_PRDT_CD"] = "01", ["KRX_FWDG_ORD_ORGNO"] = orgNo, ["ORGN_ODNO"] = odno, ["ORD_DVSN"] = division,
            ["RVSE_CNCL_DVSN_CD"] = kind, ["ORD_QTY"] = qty.ToString(), ["ORD_UNPR"] = price.ToString("0"), ["QTY_ALL_ORD_YN"] = all ? "Y" : "N",
        });

    public Task<KisResponse> BalanceAsync(string trCont = "", string fk = "", string nk = "", string cano = Cano) =>
        GetAsync(TradePath + "inquire-balance", Host.Settings.Mode == SimulatorMode.Real ? "TTTC8434R" : "VTTC8434R",
        [
            ("CANO", cano), ("ACNT_PRDT_CD", "01"), ("AFHR_FLPR_YN", "N"), ("OFL_YN", ""), ("INQR_DVSN", "01"), ("UNPR_DVSN", "01"),
            ("FUND_STTL_ICLD_YN", "N"), ("FNCG_AMT_AUTO_RDPT_YN", "N"), ("PRCS_DVSN", "00"), ("CTX_AREA_FK100", fk), ("CTX_AREA_NK100", nk),
        ], trCont);

    public Task<KisResponse> DailyCcldAsync(string trCont = "", string fk = "", string nk = "", string ccld = "00", string odno = "", string order = "00") =>
        GetAsync(TradePath + "inquire-daily-ccld", Host.Settings.Mode == SimulatorMode.Real ? "TTTC0081R" : "VTTC0081R",
        [
            ("CANO", Cano), ("ACNT_PRDT_CD", "01"), ("INQR_STRT_DT", "20261101"), ("INQR_END_DT", "20261231"), ("SLL_BUY_DVSN_CD", "00"),
            ("PDNO", ""), ("ORD_GNO_BRNO", ""), ("ODNO", odno), ("CCLD_DVSN", ccld), ("INQR_DVSN", order), ("INQR_DVSN_1", ""),
            ("INQR_DVSN_3", "00"), ("EXCG_ID_DVSN_CD", "KRX"), ("CTX_AREA_FK100", fk), ("CTX_AREA_NK100", nk),
        ], trCont);

    /// <summary>Moves the clock tick by tick (the market timer fires on each).</summary>
    public void Ticks(int count)
    {
        for (var i = 0; i < count; i++) Time.Advance(Host.Settings.TickInterval);
    }

    public static decimal D(string s) => decimal.Parse(s, System.Globalization.CultureInfo.InvariantCulture);
    public static long L(string s) => long.Parse(s, System.Globalization.CultureInfo.InvariantCulture);

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await Host.DisposeAsync();
    }
}
