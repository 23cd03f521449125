using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.WebSockets;
using System.Security.Claims;
using System.Text;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Security;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KisTrader.Tests.Web.Security;

/// <summary>The composed app with an admin and a viewer, for the cross-site request tests.</summary>
public sealed class CrossSiteAppFixture : IAsyncLifetime
{
    public const string ViewerUser = "viewer-xs";
    public const string ViewerPassword = "Viewer-Xs-Pass-1";
    private TempDataDir? _dir;
    internal TradingApp App { get; private set; } = default!;

    public async Task InitializeAsync()
    {
        _dir = new TempDataDir();
        App = await TradingApp.StartAsync(_dir);
        using var admin = await SignedInAsync(AppProcess.AdminUser, TradingApp.AdminPassword);
        var r = await admin.PostAsJsonAsync("/api/admin/users", new { userName = ViewerUser, password = ViewerPassword, role = "Viewer" });
        Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
    }

    public HttpClient NewClient() => new(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    {
        BaseAddress = App.BaseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    /// <summary>Signed in through the login form; sends the antiforgery token (as our pages do) unless told not to.</summary>
    public async Task<HttpClient> SignedInAsync(string user = AppProcess.AdminUser, string password = TradingApp.AdminPassword, bool withToken = true)
    {
        var client = NewClient();
        var response = await AppProcess.SignInAsync(client, user, password);
        Assert.Equal("/", response.Headers.Location?.OriginalString);
        if (!withToken) client.DefaultRequestHeaders.Remove(AppProcess.CsrfHeader);
        return client;
    }

    /// <summary>A new API token of <paramref name="userName"/>, issued by the same service as the Account page uses.</summary>
    public async Task<string> IssueTokenAsync(string userName, string name)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var principal = await PrincipalAsync(scope.ServiceProvider, userName);
        var issued = await scope.ServiceProvider.GetRequiredService<ApiTokenService>().IssueAsync(principal, name);
        Assert.True(issued.Succeeded, issued.Message);
        return issued.Token!;
    }

    public async Task<bool> RevokeAsync(string userName, string token)
    {
        await using var scope = App.Services.CreateAsyncScope();
        var principal = await PrincipalAsync(scope.ServiceProvider, userName);
        var service = scope.ServiceProvider.GetRequiredService<ApiTokenService>();
        var id = (await service.ListAsync(principal)).Single(t => t.Prefix == token[..KisTrader.Core.Security.ApiTokens.PrefixLength]).Id;
        return await service.RevokeAsync(principal, id);
    }

    private static async Task<ClaimsPrincipal> PrincipalAsync(IServiceProvider sp, string userName)
    {
        var user = await sp.GetRequiredService<UserManager<IdentityUser>>().FindByNameAsync(userName) ?? throw new InvalidOperationException(userName);
        return await sp.GetRequiredService<IUserClaimsPrincipalFactory<IdentityUser>>().CreateAsync(user);
    }

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
        _dir?.Dispose();
    }
}

/// <summary>
/// Issue 14, finding 1 (cross-site request forgery), over HTTP against the composed app: every state-changing request
/// needs our own origin where the browser names one, a JSON body on the API, and proof that our page made it (the
/// antiforgery token) or an API token; hubs and the circuit refuse a foreign origin.
/// </summary>
[Collection(ComposedAppCollection.Name)]
public sealed class CrossSiteRequestTests(CrossSiteAppFixture fx, ITestOutputHelper output) : IClassFixture<CrossSiteAppFixture>
{
    private const string Foreign = "http://127.0.0.1:9";
    private string Own => fx.App.BaseUrl.GetLeftPart(UriPartial.Authority);

    private static HttpRequestMessage Post(string path, HttpContent? body, string? origin = null, string? site = null)
    {
        var m = new HttpRequestMessage(HttpMethod.Post, path) { Content = body };
        if (origin is not null) m.Headers.Add("Origin", origin);
        if (site is not null) m.Headers.Add("Sec-Fetch-Site", site);
        return m;
    }

    private static JsonContent Reason(string why = "cross-site test") => JsonContent.Create(new { reason = why });

    private async Task<TradingMode> ModeAsync() => (await fx.App.Get<ITradingControl>().GetAsync()).Mode;

    private async Task<int> AuditCountAsync() => (await fx.App.Get<IAuditLog>().RecentAsync(100_000)).Count;

    [Fact]
    public async Task AnAdminsApiPost_FromAForeignOrigin_OrMarkedCrossSiteOrSameSite_IsRefused_EvenWithTheToken()
    {
        using var admin = await fx.SignedInAsync();
        var mode = await ModeAsync();
        var audit = await AuditCountAsync();
        var attempts = new (string What, HttpRequestMessage Request)[]
        {
            ("foreign Origin", Post("/api/trading/halt", Reason(), origin: Foreign)),
            ("Origin of another port of this host", Post("/api/trading/halt", Reason(), origin: "http://" + fx.App.BaseUrl.Host + ":1")),
            ("Origin: null", Post("/api/trading/halt", Reason(), origin: "null")),
            ("Origin: null, Sec-Fetch-Site: cross-site", Post("/api/trading/halt", Reason(), origin: "null", site: "cross-site")),
            ("Sec-Fetch-Site: cross-site", Post("/api/trading/halt", Reason(), site: "cross-site")),
            ("Sec-Fetch-Site: same-site", Post("/api/trading/halt", Reason(), site: "same-site")),
            ("Sec-Fetch-Site: same-site with our Origin", Post("/api/trading/halt", Reason(), origin: Own, site: "same-site")),
        };
        foreach (var (what, request) in attempts)
        {
            var r = await admin.SendAsync(request);
            var body = await r.Content.ReadAsStringAsync();
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{what}: {(int)r.StatusCode} {body}");
            Assert.Equal("application/problem+json", r.Content.Headers.ContentType?.MediaType);
            Assert.Contains(CrossSiteRequestGuard.CrossSiteTitle, body);
        }
        Assert.Equal(mode, await ModeAsync());
        Assert.Equal(audit, await AuditCountAsync());

        // The same request from our own page (same-origin, our Origin, the token) works: the refusals above were the origin's.
        var own = await admin.SendAsync(Post("/api/trading/halt", Reason("own page"), origin: Own, site: "same-origin"));
        Assert.True(own.IsSuccessStatusCode, $"{(int)own.StatusCode} {await own.Content.ReadAsStringAsync()}");
        Assert.Equal(TradingMode.Halted, await ModeAsync());
        Assert.True((await admin.PostAsJsonAsync("/api/trading/resume", new { reason = "back" })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task ACookieApiPost_WithoutAValidAntiforgeryToken_IsRefused_EvenAsJson()
    {
        using var noToken = await fx.SignedInAsync(withToken: false);
        using var admin = await fx.SignedInAsync();
        var mode = await ModeAsync();

        var none = await noToken.PostAsJsonAsync("/api/trading/halt", new { reason = "no token" });
        Assert.Equal(HttpStatusCode.Forbidden, none.StatusCode);
        Assert.Contains(CrossSiteRequestGuard.TokenTitle, await none.Content.ReadAsStringAsync());

        var forged = Post("/api/trading/halt", Reason("forged token"));
        forged.Headers.Add(AppProcess.CsrfHeader, "CfDJ8-not-a-real-token");
        Assert.Equal(HttpStatusCode.Forbidden, (await noToken.SendAsync(forged)).StatusCode);

        // Another user's token does not fit this session.
        using var viewer = await fx.SignedInAsync(CrossSiteAppFixture.ViewerUser, CrossSiteAppFixture.ViewerPassword);
        var viewersToken = viewer.DefaultRequestHeaders.GetValues(AppProcess.CsrfHeader).Single();
        var borrowed = Post("/api/trading/halt", Reason("borrowed token"));
        borrowed.Headers.Add(AppProcess.CsrfHeader, viewersToken);
        Assert.Equal(HttpStatusCode.Forbidden, (await noToken.SendAsync(borrowed)).StatusCode);
        Assert.Equal(mode, await ModeAsync());

        // With the page's own token it works.
        Assert.True((await admin.PostAsJsonAsync("/api/trading/halt", new { reason = "with token" })).IsSuccessStatusCode);
        Assert.Equal(TradingMode.Halted, await ModeAsync());
        Assert.True((await admin.PostAsJsonAsync("/api/trading/resume", new { reason = "back" })).IsSuccessStatusCode);
    }

    [Fact]
    public async Task AnApiPost_WithAFormOrTextBody_IsRefusedWith415_EvenWithTheToken()
    {
        using var admin = await fx.SignedInAsync();
        var mode = await ModeAsync();
        HttpContent[] bodies =
        [
            new StringContent("{\"reason\":\"text\"}", Encoding.UTF8, "text/plain"),
            new FormUrlEncodedContent([new("reason", "form")]),
            new MultipartFormDataContent { { new StringContent("multipart"), "reason" } },
        ];
        foreach (var body in bodies)
        {
            var r = await admin.PostAsync("/api/trading/halt", body);
            Assert.True(r.StatusCode == HttpStatusCode.UnsupportedMediaType, $"{body.Headers.ContentType}: {(int)r.StatusCode}");
        }
        // A body-less POST with no type (what `fetch(url, {method: 'POST', mode: 'no-cors'})` sends) needs the token like any other.
        using var noToken = await fx.SignedInAsync(withToken: false);
        Assert.Equal(HttpStatusCode.Forbidden, (await noToken.PostAsync("/api/runs", null)).StatusCode);
        Assert.Equal(mode, await ModeAsync());
    }

    /// <summary>Every mutating API endpoint the app maps (read from its endpoint data sources, so a new one is covered),
    /// called as the signed-in admin: with a foreign Origin, as text/plain, and as JSON without the token. All refused;
    /// the audit log gains nothing.</summary>
    [Fact]
    public async Task EveryMutatingApiEndpoint_RefusesForeignOrigins_TextBodies_AndCookieCallsWithoutTheToken()
    {
        using var admin = await fx.SignedInAsync();
        using var noToken = await fx.SignedInAsync(withToken: false);
        var routes = EndpointCatalog.Routes(fx.App.App).Where(r => r.IsMutating && r.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(routes.Count >= 12, string.Join("\n", routes));
        var audit = await AuditCountAsync();
        var mode = await ModeAsync();
        var failures = new List<string>();
        const string json = "{\"reason\":\"forged\",\"userName\":\"forged-admin\",\"password\":\"Forged-Password-1\",\"role\":\"Admin\"}";
        foreach (var route in routes)
        {
            var path = route.SamplePath(p => p == "userName" ? AppProcess.AdminUser : null);
            var tries = new (string What, HttpClient Client, HttpRequestMessage Request, HttpStatusCode Expected)[]
            {
                ("foreign origin", admin, Post(path, new StringContent(json, Encoding.UTF8, "application/json"), origin: Foreign), HttpStatusCode.Forbidden),
                ("text/plain", admin, Post(path, new StringContent(json, Encoding.UTF8, "text/plain")), HttpStatusCode.UnsupportedMediaType),
                ("JSON without token", noToken, Post(path, new StringContent(json, Encoding.UTF8, "application/json")), HttpStatusCode.Forbidden),
            };
            foreach (var (what, client, request, expected) in tries)
            {
                var r = await client.SendAsync(request);
                if (r.StatusCode != expected) failures.Add($"{route} {what}: {(int)r.StatusCode}");
            }
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(audit, await AuditCountAsync());
        Assert.Equal(mode, await ModeAsync());
        output.WriteLine(SecurityReport.Record("crossSiteApi", new { mutatingApiEndpoints = routes.Count, requests = routes.Count * 3, refused = routes.Count * 3 - failures.Count }));
    }

    [Fact]
    public async Task AnApiToken_ActsAsItsUser_WithoutCookieOrAntiforgeryToken_UntilRevoked()
    {
        var token = await fx.IssueTokenAsync(AppProcess.AdminUser, "cross-site test script");
        using var script = fx.NewClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);

        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/trading/state")).StatusCode);
        var halted = await script.PostAsJsonAsync("/api/trading/halt", new { reason = "from a script" });
        Assert.True(halted.IsSuccessStatusCode, $"{(int)halted.StatusCode} {await halted.Content.ReadAsStringAsync()}");
        Assert.Equal(TradingMode.Halted, await ModeAsync());
        Assert.True((await script.PostAsJsonAsync("/api/trading/resume", new { reason = "script done" })).IsSuccessStatusCode);

        // Audited as the admin; creation audited; the use recorded.
        var entries = await fx.App.Get<IAuditLog>().ByActorSinceAsync(AppProcess.AdminUser, since.AddMinutes(-1));
        Assert.Contains(entries, e => e.Action == ApiTokenService.CreatedAction && e.Details == "cross-site test script");
        Assert.Contains(entries, e => e.Action == "trading.mode" && e.Target == "Halted" && e.Timestamp >= since);
        var stored = (await fx.App.Get<IApiTokenStore>().FindActiveAsync(KisTrader.Core.Security.ApiTokens.Hash(token)))!;
        Assert.NotNull(stored.LastUsedAt);

        // A token is for /api only: pages and the jobs dashboard ignore it.
        Assert.NotEqual(HttpStatusCode.OK, (await script.GetAsync("/hangfire")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await script.GetAsync("/")).StatusCode);

        // Revoked: the very next request fails.
        Assert.True(await fx.RevokeAsync(AppProcess.AdminUser, token));
        var after = await script.PostAsJsonAsync("/api/trading/halt", new { reason = "revoked" });
        Assert.Equal(HttpStatusCode.Unauthorized, after.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/trading/state")).StatusCode);
        Assert.Equal(TradingMode.Active, await ModeAsync());
        Assert.Contains(await fx.App.Get<IAuditLog>().ByActorSinceAsync(AppProcess.AdminUser, since), e => e.Action == ApiTokenService.RevokedAction);

        // Not a token at all, or a made-up one of the right shape: 401.
        foreach (var bad in new[] { "not-a-token", KisTrader.Core.Security.ApiTokens.Create().Token })
        {
            using var other = fx.NewClient();
            other.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", bad);
            Assert.Equal(HttpStatusCode.Unauthorized, (await other.GetAsync("/api/trading/state")).StatusCode);
        }
    }

    [Fact]
    public async Task AViewersApiToken_ReadsButCannotDoAdminActions()
    {
        var token = await fx.IssueTokenAsync(CrossSiteAppFixture.ViewerUser, "viewer script");
        using var script = fx.NewClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var mode = await ModeAsync();
        var audit = await AuditCountAsync();

        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/trading/state")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await script.GetAsync("/api/admin/users")).StatusCode);
        var routes = EndpointCatalog.Routes(fx.App.App).Where(r => r.IsMutating && r.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        foreach (var route in routes)
        {
            var r = await script.PostAsJsonAsync(route.SamplePath(), new { reason = "viewer token", userName = "escalated", password = "Escalated-Pass-1", role = "Admin" });
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{route}: {(int)r.StatusCode}");
        }
        Assert.Equal(mode, await ModeAsync());
        // Nothing but the token's own creation.
        Assert.Equal(audit, await AuditCountAsync());
    }

    [Fact]
    public async Task TheDatabase_HoldsOnlyTheTokensHash_NeverItsText()
    {
        var token = await fx.IssueTokenAsync(AppProcess.AdminUser, "scan me");
        using var script = fx.NewClient();
        script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/trading/state")).StatusCode);

        var scanner = new SecretScanner(new Dictionary<string, string> { ["API token"] = token });
        scanner.ScanSqlite(Path.Combine(DataDirectory(), "kistrader.db"));
        scanner.ScanDirectory(LogDirectory());
        Assert.True(scanner.Findings.Count == 0, string.Join("\n", scanner.Findings));
        Assert.True(scanner.Rows > 0);
    }

    private string DataDirectory() => fx.App.Get<KisTrader.Web.Hosting.AppSettings>().Database.FullDataDirectory;

    private string LogDirectory() => fx.App.Get<KisTrader.Web.Hosting.AppSettings>().Logs.Directory;

    [Fact]
    public async Task TheHubAndTheCircuit_RefuseAForeignOrigin_OnNegotiateAndOnTheWebSocketUpgrade()
    {
        using var admin = await fx.SignedInAsync();
        foreach (var hub in new[] { "/hubs/market", "/_blazor" })
        {
            var foreign = await admin.SendAsync(Post(hub + "/negotiate?negotiateVersion=1", null, origin: Foreign));
            Assert.True(foreign.StatusCode == HttpStatusCode.Forbidden, $"{hub} negotiate from {Foreign}: {(int)foreign.StatusCode}");
            var sameSite = await admin.SendAsync(Post(hub + "/negotiate?negotiateVersion=1", null, site: "same-site"));
            Assert.Equal(HttpStatusCode.Forbidden, sameSite.StatusCode);
            var own = await admin.SendAsync(Post(hub + "/negotiate?negotiateVersion=1", null, origin: Own, site: "same-origin"));
            Assert.True(own.StatusCode == HttpStatusCode.OK, $"{hub} negotiate from our origin: {(int)own.StatusCode}");
        }

        var cookies = await CookiesAsync();
        var ws = new Uri(fx.App.BaseUrl.ToString().Replace("http://", "ws://") + "hubs/market");
        using (var socket = new ClientWebSocket())
        {
            socket.Options.Cookies = cookies;
            socket.Options.SetRequestHeader("Origin", Foreign);
            socket.Options.CollectHttpResponseDetails = true;
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(ws, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
        }
        using (var socket = new ClientWebSocket())
        {
            socket.Options.Cookies = cookies;
            socket.Options.SetRequestHeader("Origin", Own);
            await socket.ConnectAsync(ws, CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
            await socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "done", CancellationToken.None);
        }
    }

    private async Task<CookieContainer> CookiesAsync()
    {
        var cookies = new CookieContainer();
        using var client = new HttpClient(new HttpClientHandler { CookieContainer = cookies, AllowAutoRedirect = false }) { BaseAddress = fx.App.BaseUrl };
        Assert.Equal("/", (await AppProcess.SignInAsync(client, AppProcess.AdminUser, TradingApp.AdminPassword)).Headers.Location?.OriginalString);
        return cookies;
    }
}
