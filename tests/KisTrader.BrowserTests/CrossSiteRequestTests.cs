using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using KisTrader.Core.Ports;
using KisTrader.Data.Stores;
using Microsoft.EntityFrameworkCore;
using Xunit.Abstractions;
using KisTrader.Core.Risk;
using KisTrader.Testing;
using KisTrader.Tests.Web.Security;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Scheduling;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>The page of another origin (a tiny server on another loopback port of the same host), and the app's own
/// list of endpoints, read from the app built in-process (the same composition as the web server, not started).</summary>
public sealed class CrossSiteRig : IAsyncLifetime
{
    public const string LockedUser = "locked-xs";
    public const string LockedPassword = "Locked-Xs-Pass-1";

    public WebApplication Foreign { get; private set; } = default!;
    public Uri ForeignUrl { get; private set; } = default!;
    /// <summary>Every mutating route the app maps, as "METHOD pattern" with its sample path.</summary>
    public IReadOnlyList<(string Route, string Path)> MutatingRoutes { get; private set; } = [];

    public async Task InitializeAsync()
    {
        MutatingRoutes = await MutatingRoutesAsync();
        var foreign = WebApplication.CreateSlimBuilder();
        foreign.WebHost.UseUrls("http://127.0.0.1:0");
        foreign.Logging.ClearProviders();
        Foreign = foreign.Build();
        Foreign.MapGet("/attack", () => Results.Content(AttackPage, "text/html; charset=utf-8"));
        await Foreign.StartAsync();
        ForeignUrl = new Uri(Foreign.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First().TrimEnd('/') + "/");
    }

    /// <summary>Builds the app over a throwaway data directory only to read its endpoint data sources (a new endpoint is
    /// covered without editing the test); hub and circuit connections are left out (they are attacked with WebSockets).</summary>
    private static async Task<IReadOnlyList<(string Route, string Path)>> MutatingRoutesAsync()
    {
        var dir = AppProcess.NewWorkDir();
        try
        {
            var (app, _, _, exit) = await KisTraderHost.BuildAsync([], new Dictionary<string, string?>
            {
                ["Database:DataDirectory"] = Path.Combine(dir, "data"),
                ["Logs:Directory"] = Path.Combine(dir, "logs"),
                ["Logs:ConsoleLevel"] = "Warning",
                ["Admin:Password"] = AppProcess.AdminPassword,
                ["Database:JobStorage"] = "InMemory",
            }, TextWriter.Null);
            if (app is null) throw new InvalidOperationException($"The app did not build (exit code {exit}).");
            await using (app)
            {
                return [.. EndpointCatalog.Routes(app)
                    .Where(r => r.IsMutating && !r.IsStaticAsset && !r.IsHub && !r.Pattern.StartsWith("/_blazor", StringComparison.Ordinal))
                    .Select(r => (r.ToString(), r.SamplePath(p => p switch { "userName" => LockedUser, "path" => "recurring/trigger", _ => null })))];
            }
        }
        finally
        {
            try { Directory.Delete(dir, recursive: true); } catch (IOException) { } catch (UnauthorizedAccessException) { }
        }
    }

    /// <summary>The hostile page: for each target (the app's URL + path) three HTML form posts (urlencoded, multipart and
    /// the text/plain JSON trick) into hidden frames, a no-cors text/plain fetch and a body-less no-cors fetch with the
    /// cookies, and a JSON fetch (which needs a CORS preflight the app never grants); then a WebSocket to the market hub
    /// and to the circuit. Returns what the page itself could observe.</summary>
    private const string AttackPage = """
        <!doctype html><html><head><title>Not KisTrader</title></head><body><h1>Win a prize</h1>
        <script>
        const body = JSON.stringify({ reason: "forged", userName: "forged-admin", password: "Forged-Password-1", role: "Admin" });
        function formPost(url, enctype) {
          return new Promise(resolve => {
            const name = "f" + Math.random().toString(36).slice(2);
            const frame = document.createElement("iframe");
            frame.name = name; frame.style.display = "none";
            let done = false; const finish = () => { if (!done) { done = true; resolve(); } };
            frame.addEventListener("load", finish); setTimeout(finish, 5000);
            document.body.appendChild(frame);
            const form = document.createElement("form");
            form.method = "POST"; form.action = url; form.enctype = enctype; form.target = name;
            const input = document.createElement("input"); input.type = "hidden";
            if (enctype === "text/plain") { input.name = body.slice(0, -1) + ',"x":"'; input.value = '"}'; }
            else { input.name = "reason"; input.value = "forged"; }
            form.appendChild(input); document.body.appendChild(form); form.submit();
          });
        }
        function socket(url) {
          return new Promise(resolve => {
            const ws = new WebSocket(url);
            ws.onopen = () => { ws.close(); resolve("open"); };
            ws.onerror = () => resolve("refused");
            setTimeout(() => resolve("timeout"), 5000);
          });
        }
        window.attack = async (urls, sockets) => {
          const seen = [];
          for (const url of urls) {
            await Promise.all([
              formPost(url, "application/x-www-form-urlencoded"),
              formPost(url, "multipart/form-data"),
              formPost(url, "text/plain"),
              fetch(url, { method: "POST", mode: "no-cors", credentials: "include", headers: { "Content-Type": "text/plain" }, body })
                .then(r => seen.push("no-cors " + r.type), () => seen.push("no-cors failed")),
              fetch(url, { method: "POST", mode: "no-cors", credentials: "include" })
                .then(r => seen.push("no-cors " + r.type), () => seen.push("no-cors failed")),
              fetch(url, { method: "POST", credentials: "include", headers: { "Content-Type": "application/json" }, body })
                .then(r => seen.push("json " + r.status), () => seen.push("json blocked")),
            ]);
          }
          for (const s of sockets) seen.push("socket " + await socket(s));
          return seen;
        };
        </script></body></html>
        """;

    public async Task DisposeAsync()
    {
        if (Foreign is null) return;
        await Foreign.StopAsync();
        await Foreign.DisposeAsync();
    }
}

/// <summary>
/// Issue 14, finding 1, in a real Chromium: the admin is signed in, and a page served from another port of the same host
/// (SameSite cookies do not separate ports) tries every state-changing endpoint the app maps, by form, by no-cors fetch
/// and by JSON fetch. Every request that reaches the app is refused by the cross-site gate, and nothing changed.
/// </summary>
[Collection(BrowserCollection.Name)]
public sealed class CrossSiteRequestTests(BrowserFixture fx, CrossSiteRig rig, ITestOutputHelper output) : IClassFixture<CrossSiteRig>
{
    private Uri BaseUrl => fx.App.BaseUrl;

    /// <summary>The running app's database, read directly (the stores the app itself uses).</summary>
    private SqliteContextFactory Db => new($"Data Source={fx.App.DatabaseFile}");

    private async Task<IPage> SignedInAdminAsync(bool watchConsole)
    {
        var page = await fx.NewPageAsync(watchConsole);
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await Expect(page.GetByTestId("status-user")).ToContainTextAsync(AppProcess.AdminUser);
        return page;
    }

    /// <summary>A Viewer locked out by failed sign-ins: the forged "unlock" aims at them.</summary>
    private async Task EnsureLockedUserAsync()
    {
        using var admin = await fx.App.SignedInClientAsync();
        var users = await admin.GetStringAsync("/api/admin/users");
        if (!users.Contains(CrossSiteRig.LockedUser, StringComparison.Ordinal))
        {
            var created = await admin.PostAsJsonAsync("/api/admin/users", new { userName = CrossSiteRig.LockedUser, password = CrossSiteRig.LockedPassword, role = "Viewer" });
            Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());
        }
        await using var db = Db.CreateDbContext();
        var user = await db.Users.SingleAsync(u => u.UserName == CrossSiteRig.LockedUser);
        user.LockoutEnd = DateTimeOffset.UtcNow.AddHours(1);
        await db.SaveChangesAsync();
    }

    [Fact]
    public async Task APageOfAnotherPort_TriesEveryStateChangingEndpointAsTheSignedInAdmin_AndIsRefused_AndNothingChanges()
    {
        var targets = rig.MutatingRoutes.Select(r => r.Path).Distinct().ToList();
        foreach (var known in new[] { "/api/runs", "/api/reflection/run", $"/api/admin/users/{CrossSiteRig.LockedUser}/unlock", "/api/admin/users",
                     "/api/trading/halt", "/account/logout", "/hangfire/recurring/trigger" })
            Assert.Contains(known, targets);
        await EnsureLockedUserAsync();

        // The page meets 403s on purpose: its console errors are not the app's.
        var page = await SignedInAdminAsync(watchConsole: false);
        try
        {
            await AttackAsync(page, targets);
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }

    private async Task AttackAsync(IPage page, List<string> targets)
    {
        var before = await SnapshotAsync();
        var since = DateTimeOffset.UtcNow;
        var clock = System.Diagnostics.Stopwatch.StartNew();

        var answered = new List<(string Url, string Method, int Status)>();
        void OnResponse(object? sender, IResponse r)
        {
            if (r.Url.StartsWith(BaseUrl.ToString(), StringComparison.Ordinal))
                lock (answered) answered.Add((r.Url, r.Request.Method, r.Status));
        }

        // Listen only once the attack page is loaded: the admin's own page, left behind, may still be opening its
        // circuit (a same-origin POST to /_blazor/negotiate, rightly answered 200) while the browser navigates away.
        await page.GotoAsync(new Uri(rig.ForeignUrl, "attack").ToString());
        page.Context.Response += OnResponse;
        var ws = BaseUrl.ToString().Replace("http://", "ws://", StringComparison.Ordinal);
        var seen = await page.EvaluateAsync<string[]>("([urls, sockets]) => window.attack(urls, sockets)", new object[]
        {
            targets.Select(t => new Uri(BaseUrl, t.TrimStart('/')).ToString()).ToArray(),
            new[] { ws + "hubs/market", ws + "_blazor" },
        });
        page.Context.Response -= OnResponse;

        List<(string Url, string Method, int Status)> posts;
        lock (answered) posts = [.. answered.Where(a => a.Method == "POST")];
        // Every form and no-cors request reached the app with the admin's cookie (an admin-only endpoint would answer 401
        // without it) and was refused there with 403; the JSON fetches never left the browser (no CORS grant).
        Assert.True(posts.Count >= targets.Count * 5, $"only {posts.Count} POSTs reached the app for {targets.Count} targets");
        var allowed = posts.Where(p => p.Status != 403).Select(p => $"{p.Status} {p.Url}").ToList();
        Assert.True(allowed.Count == 0, "Answered other than 403:\n" + string.Join("\n", allowed));
        Assert.DoesNotContain(seen, s => s.StartsWith("json ", StringComparison.Ordinal) && s != "json blocked");
        Assert.Equal(["socket refused", "socket refused"], seen.Where(s => s.StartsWith("socket", StringComparison.Ordinal)));

        Assert.Equal(before, await SnapshotAsync());
        Assert.Empty(await new EfAuditLog(Db).ByActorSinceAsync(AppProcess.AdminUser, since));
        // Still signed in (the forged logout did nothing), and our own page still works.
        await page.GotoAsync("/");
        await Expect(page.GetByTestId("status-user")).ToContainTextAsync(AppProcess.AdminUser);
        Assert.Equal(200, (await page.Context.APIRequest.GetAsync("/api/trading/state")).Status);
        output.WriteLine($"{targets.Count} targets ({string.Join(", ", rig.MutatingRoutes.Select(r => r.Route))}); {posts.Count} POSTs reached the app, " +
            $"all 403; {seen.Count(s => s == "json blocked")} JSON fetches blocked by the browser; {clock.Elapsed.TotalSeconds:0.0} s");
    }

    /// <summary>Runs, reflection reports, users (who is locked out, roles), trading mode. Runs the app's own schedule
    /// started (within a minute of one of its cron fires) are left out: the schedule fires every five minutes, and an
    /// attack that spans a fire would otherwise see a run it did not cause (it did once). A forged trigger of the
    /// recurring job would still be caught here unless it landed in that minute, and by the 403 check always.</summary>
    private async Task<string> SnapshotAsync()
    {
        var cron = new TradingOptions().SimulatorCron;
        var runs = (await new EfGraphStore(Db).ListRunsAsync(null, 1000))
            .Where(r => !(r.Trigger == "schedule" && CronSchedule.Next(cron, r.StartedAt - TimeSpan.FromMinutes(1)) <= r.StartedAt))
            .ToList();
        var reports = await new EfReflectionReportStore(Db).ListAsync(1000);
        var mode = await new EfTradingModeStore(Db).GetAsync();
        await using var db = Db.CreateDbContext();
        var users = await db.Users.OrderBy(u => u.UserName).Select(u => new { u.UserName, u.LockoutEnd, u.PasswordHash }).ToListAsync();
        var roles = await db.UserRoles.OrderBy(r => r.UserId).ThenBy(r => r.RoleId).Select(r => r.UserId + ":" + r.RoleId).ToListAsync();
        return JsonSerializer.Serialize(new { runs = runs.Count, reports = reports.Count, mode = mode.Mode.ToString(), mode.ChangedBy, users, roles });
    }

    /// <summary>The Account page's API tokens: create one (shown once), a script uses it without cookies or antiforgery
    /// token, revoke it on the page, and the script's next request is refused.</summary>
    [Fact]
    public async Task AnAdmin_CreatesAnApiTokenOnTheAccountPage_AScriptUsesIt_AndRevokingItStopsItAtOnce()
    {
        var page = await SignedInAdminAsync(watchConsole: true);
        try
        {
            await page.GotoAsync("/account/password");
            await Expect(page.GetByTestId("api-tokens-link")).ToHaveAttributeAsync("href", "/account/tokens");
            await page.GotoAsync("/account/tokens");
            await BrowserFixture.WaitForCircuitAsync(page);
            await page.GetByTestId("new-token-name").FillAsync("nightly report");
            await page.GetByTestId("create-token").ClickAsync();
            var text = (await page.GetByTestId("token-text").TextContentAsync())!.Trim();
            Assert.StartsWith(KisTrader.Core.Security.ApiTokens.Marker, text);
            await Expect(page.GetByTestId("token-row").Filter(new() { HasText = "nightly report" })).ToHaveCountAsync(1);
            await BrowserFixture.ScreenshotAsync(page, "api-tokens");

            using var script = new HttpClient { BaseAddress = BaseUrl };
            script.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", text);
            Assert.Equal(HttpStatusCode.OK, (await script.GetAsync("/api/trading/state")).StatusCode);
            var halted = await script.PostAsJsonAsync("/api/trading/halt", new { reason = "script with a token" });
            Assert.True(halted.IsSuccessStatusCode, $"{(int)halted.StatusCode} {await halted.Content.ReadAsStringAsync()}");
            Assert.True((await script.PostAsJsonAsync("/api/trading/resume", new { reason = "script done" })).IsSuccessStatusCode);

            // The page shows the use; revoking it takes effect on the script's very next request.
            await page.ReloadAsync();
            await BrowserFixture.WaitForCircuitAsync(page);
            var row = page.GetByTestId("token-row").Filter(new() { HasText = "nightly report" });
            await Expect(row).Not.ToContainTextAsync("never");
            await Expect(page.GetByTestId("token-text")).ToHaveCountAsync(0);
            await row.GetByTestId("revoke-token").ClickAsync();
            await Expect(row.GetByTestId("token-revoked")).ToBeVisibleAsync();
            Assert.Equal(HttpStatusCode.Unauthorized, (await script.GetAsync("/api/trading/state")).StatusCode);
            Assert.Equal(TradingMode.Active, (await new EfTradingModeStore(Db).GetAsync()).Mode);
            var audit = await new EfAuditLog(Db).ByActorSinceAsync(AppProcess.AdminUser, DateTimeOffset.UtcNow.AddMinutes(-5));
            Assert.Contains(audit, e => e.Action == "apitoken.created" && e.Details == "nightly report");
            Assert.Contains(audit, e => e.Action == "apitoken.revoked" && e.Details == "nightly report");
        }
        finally
        {
            await page.Context.CloseAsync();
        }
    }
}
