using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KisTrader.Simulator;
using static KisTrader.Tests.Simulator.SimClient;

namespace KisTrader.Tests.Simulator;

/// <summary>Fault injection through SimulatorFaults, the Faults settings and the /sim/control endpoint.</summary>
public sealed class FaultTests
{
    [Fact]
    public async Task RateLimitErrorRate1_AnswersEgw00201()
    {
        await using var c = await StartAsync(s => s.Faults.RateLimitErrorRate = 1);
        var r = await c.PriceAsync("005930");
        Assert.Equal((HttpStatusCode.InternalServerError, "EGW00201"), (r.Status, r.MsgCd));
    }

    [Fact]
    public async Task ServerErrorRate1_Answers500_AndResetFaultsRestoresService()
    {
        await using var c = await StartAsync();
        c.Host.Faults.Update(f => f.ServerErrorRate = 1);
        Assert.Equal(HttpStatusCode.InternalServerError, (await c.PriceAsync("005930")).Status);
        var reset = await c.Http.PostAsync("/sim/control/reset-faults", EmptyJson());
        Assert.True(reset.IsSuccessStatusCode);
        Assert.Equal("0", (await c.PriceAsync("005930")).RtCd);
    }

    [Fact]
    public async Task Latency_DelaysEveryAnswer()
    {
        await using var c = await StartAsync();
        c.Host.Faults.Update(f => f.LatencyMs = 300);
        var started = DateTime.UtcNow;
        await c.PriceAsync("005930");
        Assert.True(DateTime.UtcNow - started >= TimeSpan.FromMilliseconds(250));
    }

    [Fact]
    public async Task DroppedOrderResponse_LeavesTheOrderPlaced()
    {
        await using var c = await StartAsync(s => s.Faults.DropNextOrderResponses = 1);
        await Assert.ThrowsAnyAsync<HttpRequestException>(() => c.BuyAsync("005930", 3));
        var rows = (await c.DailyCcldAsync()).Output1;
        Assert.Equal(1, rows.GetArrayLength());
        Assert.Equal("3", rows[0].GetProperty("tot_ccld_qty").GetString());
        // Only the next one was dropped.
        Assert.Equal("0", (await c.BuyAsync("005930", 1)).RtCd);
    }

    [Fact]
    public async Task ControlEndpoint_GetsAndSetsFaults_AndRejectsOutOfRangeValues()
    {
        await using var c = await StartAsync();
        var set = await c.Http.PostAsync("/sim/control/faults", new StringContent("{\"silenceFeed\":true,\"latencyMs\":5}", Encoding.UTF8, "application/json"));
        Assert.True(set.IsSuccessStatusCode);
        var got = await c.Http.GetFromJsonAsync<JsonElement>("/sim/control/faults");
        Assert.True(got.GetProperty("silenceFeed").GetBoolean());
        Assert.Equal(5, got.GetProperty("latencyMs").GetInt32());
        Assert.True(c.Host.Faults.Current.SilenceFeed);

        var bad = await c.Http.PostAsync("/sim/control/faults", new StringContent("{\"serverErrorRate\":2}", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        Assert.Contains("ServerErrorRate", await bad.Content.ReadAsStringAsync());

        var state = await c.Http.GetFromJsonAsync<JsonElement>("/sim/control/state");
        Assert.Equal("Paper", state.GetProperty("mode").GetString());
        Assert.Equal(22, state.GetProperty("instruments").GetArrayLength());
    }

    [Fact]
    public async Task ExpireTokens_MakesCallsEgw00123_AndANewTokenCanBeIssuedAtOnce()
    {
        await using var c = await StartAsync();
        var r = await c.Http.PostAsync("/sim/control/expire-tokens", EmptyJson());
        Assert.True(r.IsSuccessStatusCode);
        Assert.Equal("EGW00123", (await c.PriceAsync("005930")).MsgCd);
        c.Token = await c.IssueTokenAsync();
        Assert.Equal("0", (await c.PriceAsync("005930")).RtCd);
    }

    [Fact]
    public async Task DisconnectWebSockets_ClosesOpenSessions()
    {
        await using var c = await StartAsync();
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        await ws.AckAsync();
        await c.Http.PostAsync("/sim/control/disconnect-websockets", EmptyJson());
        Assert.Null(await ws.ReceiveUntilAsync(_ => false, TimeSpan.FromSeconds(3)));
        Assert.NotEqual(System.Net.WebSockets.WebSocketState.Open, ws.State);
    }

    [Fact]
    public async Task WebSocketDisconnectEveryNSeconds_DropsSessionsOnSchedule()
    {
        await using var c = await StartAsync(s => { s.Faults.WebSocketDisconnectEverySeconds = 10; s.TickInterval = TimeSpan.FromSeconds(5); });
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STCNI9", "me");
        await ws.AckAsync();
        c.Time.Advance(TimeSpan.FromSeconds(5));
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        Assert.Equal("OPSP0000", (await ws.AckAsync()).GetProperty("body").GetProperty("msg_cd").GetString());
        c.Time.Advance(TimeSpan.FromSeconds(6));
        Assert.Null(await ws.ReceiveUntilAsync(_ => false, TimeSpan.FromSeconds(3)));
    }

    [Fact]
    public async Task MalformedFrameRate1_SendsFramesWhoseFieldsDoNotAddUp()
    {
        await using var c = await StartAsync(s => s.Faults.MalformedFrameRate = 1);
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STASP0", "005930");
        await ws.AckAsync();
        var frame = await ws.ReceiveUntilAsync(m => !m.StartsWith('{'));
        Assert.NotNull(frame);
        var parts = frame!.Split('|');
        Assert.False(parts.Length == 4 && parts[3].Split('^').Length == 59, frame);
    }

    [Fact]
    public async Task SilencedFeed_SendsNoDataFrames_ButStillAcks()
    {
        await using var c = await StartAsync(s => s.Faults.SilenceFeed = true);
        var approval = await c.ApprovalKeyAsync();
        await using var ws = await WsClient.ConnectAsync(c.Host.WebSocketUrl);
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        Assert.Equal("OPSP0000", (await ws.AckAsync()).GetProperty("body").GetProperty("msg_cd").GetString());
        c.Ticks(5);
        // A cancelled receive would abort the socket, so prove the silence by ordering: the next message is an ack, not data.
        await ws.SubscribeAsync(approval, "H0STCNT0", "005930");
        var next = await ws.ReceiveAsync();
        Assert.StartsWith("{", next);
        Assert.Contains("OPSP0002", next);
        c.Host.Faults.Update(f => f.SilenceFeed = false);
        c.Ticks(2);
        Assert.NotNull(await ws.ReceiveUntilAsync(m => m.StartsWith("0|H0STCNT0|")));
    }

    [Fact]
    public async Task InjectedFaults_AreCountedByKind_AndShownInTheControlState()
    {
        await using var c = await StartAsync(s => s.Faults.RateLimitErrorRate = 1);
        await c.PriceAsync("005930");
        await c.PriceAsync("005930");
        c.Host.Faults.Update(f => { f.RateLimitErrorRate = 0; f.ServerErrorRate = 1; });
        await c.PriceAsync("005930");
        c.Host.Faults.Reset();
        c.Host.Faults.ExpireTokens();

        var counts = c.Host.Faults.Injected;
        Assert.Equal((2L, 1L, 1L, 0L), (counts.RateLimitErrors, counts.ServerErrors, counts.TokenExpiries, counts.DroppedOrderResponses));
        var state = await c.Http.GetFromJsonAsync<JsonElement>("/sim/control/state");
        Assert.Equal(2, state.GetProperty("injected").GetProperty("rateLimitErrors").GetInt64());
    }
    /// <summary>A bodiless control POST: JSON declared, nothing in it.</summary>
    private static StringContent EmptyJson() => new("", Encoding.UTF8, "application/json");

    /// <summary>Issue 14, finding 6: a web page that found the simulator's port must not inject faults. A form, a
    /// text/plain or a bodiless no-cors post, or a request a browser marks as coming from another page, changes nothing.</summary>
    [Fact]
    public async Task ControlPosts_FromAWebPage_OrWithoutAJsonBody_AreRefused_AndChangeNothing()
    {
        await using var c = await StartAsync();
        const string faults = "{\"silenceFeed\":true,\"serverErrorRate\":1}";
        var attempts = new List<(string What, Func<HttpRequestMessage> Make, HttpStatusCode Expected)>
        {
            ("text/plain", () => Post("/sim/control/faults", new StringContent(faults, Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType),
            ("form", () => Post("/sim/control/faults", new FormUrlEncodedContent([new("silenceFeed", "true")])), HttpStatusCode.UnsupportedMediaType),
            ("multipart", () => Post("/sim/control/expire-tokens", new MultipartFormDataContent { { new StringContent("x"), "a" } }), HttpStatusCode.UnsupportedMediaType),
            ("no body, no type", () => Post("/sim/control/expire-tokens", null), HttpStatusCode.UnsupportedMediaType),
            ("JSON from another origin", () => Post("/sim/control/faults", new StringContent(faults, Encoding.UTF8, "application/json"), origin: "http://127.0.0.1:1"), HttpStatusCode.Forbidden),
            ("JSON, Sec-Fetch-Site cross-site", () => Post("/sim/control/reset-faults", EmptyJson(), site: "cross-site"), HttpStatusCode.Forbidden),
            ("JSON, Sec-Fetch-Site same-site", () => Post("/sim/control/disconnect-websockets", EmptyJson(), site: "same-site"), HttpStatusCode.Forbidden),
        };
        var before = c.Host.Faults.Current;
        foreach (var (what, make, expected) in attempts)
        {
            var r = await c.Http.SendAsync(make());
            Assert.True(r.StatusCode == expected, $"{what}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }
        Assert.False(c.Host.Faults.Current.SilenceFeed);
        Assert.Equal(before.ServerErrorRate, c.Host.Faults.Current.ServerErrorRate);
        Assert.Equal(0L, c.Host.Faults.Injected.TokenExpiries);

        // The same JSON from a script (no Origin) is accepted.
        var ok = await c.Http.PostAsync("/sim/control/faults", new StringContent(faults, Encoding.UTF8, "application/json"));
        Assert.True(ok.IsSuccessStatusCode);
        Assert.True(c.Host.Faults.Current.SilenceFeed);

        static HttpRequestMessage Post(string path, HttpContent? body, string? origin = null, string? site = null)
        {
            var m = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
            if (origin is not null) m.Headers.Add("Origin", origin);
            if (site is not null) m.Headers.Add("Sec-Fetch-Site", site);
            return m;
        }
    }
}
