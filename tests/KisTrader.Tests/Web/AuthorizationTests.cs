using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KisTrader.Testing;

namespace KisTrader.Tests.Web;

public sealed class AuthorizationTests(AppFixture fixture) : IClassFixture<AppFixture>
{
    private AppProcess App => fixture.App;

    [Theory]
    [InlineData("/")]
    [InlineData("/admin/users")]
    [InlineData("/account/password")]
    [InlineData("/account/denied")]
    [InlineData("/market")]
    [InlineData("/system")]
    [InlineData("/reflection")]
    [InlineData("/reflection/some-report")]
    [InlineData("/prompts")]
    public async Task Pages_WithoutSignIn_RedirectToLogin(string path)
    {
        using var client = App.NewClient();
        var r = await client.GetAsync(path);
        Assert.Equal(HttpStatusCode.Redirect, r.StatusCode);
        Assert.StartsWith("/account/login", r.Headers.Location!.AbsolutePath);
    }

    [Theory]
    [InlineData("GET", "/api/admin/users")]
    [InlineData("POST", "/_blazor/negotiate?negotiateVersion=1")]
    [InlineData("POST", "/hubs/market/negotiate?negotiateVersion=1")]
    public async Task ApisAndTheCircuitHub_WithoutSignIn_Answer401(string method, string path)
    {
        using var client = App.NewClient();
        var r = await client.SendAsync(new HttpRequestMessage(new HttpMethod(method), path));
        Assert.Equal(HttpStatusCode.Unauthorized, r.StatusCode);
    }

    [Fact]
    public async Task LoginPageAndHealth_AreTheOnlyAnonymousEndpoints()
    {
        using var client = App.NewClient();
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/account/login")).StatusCode);
        var health = await client.GetStringAsync("/healthz");
        Assert.Contains("\"database\":\"Healthy\"", health);
    }

    [Fact]
    public async Task Login_WithoutAntiforgeryToken_IsRefused()
    {
        using var client = App.NewClient();
        var r = await client.PostAsync("/account/login", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["userName"] = AppProcess.AdminUser, ["password"] = AppProcess.AdminPassword,
        }));
        // Refused by the cross-site gate before the form is bound (docs/decisions.md, "Cross-site requests: one gate").
        Assert.Equal(HttpStatusCode.Forbidden, r.StatusCode);
        var cookies = r.Headers.TryGetValues("Set-Cookie", out var values) ? values : [];
        Assert.DoesNotContain(cookies, c => c.StartsWith("kistrader.auth", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Viewer_IsRefusedAdminActions_OnTheServer()
    {
        using var admin = await App.SignedInClientAsync();
        var create = await admin.PostAsJsonAsync("/api/admin/users", new { userName = "viewer-authz", password = "Viewer-Password-1", role = "Viewer" });
        Assert.Equal(HttpStatusCode.OK, create.StatusCode);

        using var viewer = await App.SignedInClientAsync("viewer-authz", "Viewer-Password-1");
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.GetAsync("/api/admin/users")).StatusCode);
        var escalate = await viewer.PostAsJsonAsync("/api/admin/users", new { userName = "sneaky", password = "Sneaky-Password-1", role = "Admin" });
        Assert.Equal(HttpStatusCode.Forbidden, escalate.StatusCode);
        var page = await viewer.GetAsync("/admin/users");
        Assert.Equal(HttpStatusCode.Redirect, page.StatusCode);
        Assert.StartsWith("/account/denied", page.Headers.Location!.AbsolutePath);

        var users = await admin.GetStringAsync("/api/admin/users");
        Assert.DoesNotContain("sneaky", users);
    }

    public static TheoryData<string, string> TradingApi() => new()
    {
        { "GET", "/api/trading/state" },
        { "GET", "/api/approvals" },
        { "POST", "/api/trading/halt" },
        { "POST", "/api/trading/reduce" },
        { "POST", "/api/trading/resume" },
        { "POST", "/api/approvals/some-id/approve" },
        { "POST", "/api/approvals/some-id/reject" },
        { "POST", "/api/runs" },
    };

    [Theory]
    [MemberData(nameof(TradingApi))]
    public async Task TradingApi_WithoutSignIn_Answers401(string method, string path)
    {
        using var client = App.NewClient();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(new { reason = "anonymous" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task TradingApi_Viewer_ReadsTheState_ButIsRefusedEveryAction_OnTheServer()
    {
        using var admin = await App.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/admin/users",
            new { userName = "viewer-trading", password = "Viewer-Password-1", role = "Viewer" })).StatusCode);
        using var viewer = await App.SignedInClientAsync("viewer-trading", "Viewer-Password-1");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/trading/state")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/approvals")).StatusCode);
        foreach (var (method, path) in TradingApi().Select(r => ((string)r[0], (string)r[1])).Where(r => r.Item1 == "POST"))
        {
            var r = await viewer.PostAsJsonAsync(path, new { reason = "a viewer tries" });
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)r.StatusCode}");
        }
        var state = await viewer.GetFromJsonAsync<JsonElement>("/api/trading/state");
        Assert.Equal("Active", state.GetProperty("mode").GetString());
    }

    [Fact]
    public async Task TradingApi_Admin_HaltsAndResumesWithAReason_AndWithoutOneGets400()
    {
        using var admin = await App.SignedInClientAsync();
        foreach (var path in new[] { "/api/trading/halt", "/api/trading/reduce", "/api/trading/resume", "/api/approvals/some-id/approve", "/api/approvals/some-id/reject" })
        {
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(path, new { reason = "   " })).StatusCode);
            Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync(path, new { })).StatusCode);
        }
        Assert.Equal("Active", (await admin.GetFromJsonAsync<JsonElement>("/api/trading/state")).GetProperty("mode").GetString());

        try
        {
            var halt = await admin.PostAsJsonAsync("/api/trading/halt", new { reason = "authz test: stop" });
            Assert.Equal(HttpStatusCode.OK, halt.StatusCode);
            var halted = await admin.GetFromJsonAsync<JsonElement>("/api/trading/state");
            Assert.Equal("Halted", halted.GetProperty("mode").GetString());
            Assert.Equal(AppProcess.AdminUser, halted.GetProperty("changedBy").GetString());
            Assert.Equal("authz test: stop", halted.GetProperty("reason").GetString());
        }
        finally
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/trading/resume", new { reason = "authz test: go" })).StatusCode);
        }
        Assert.Equal("Active", (await admin.GetFromJsonAsync<JsonElement>("/api/trading/state")).GetProperty("mode").GetString());
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/approvals/no-such-approval/approve", new { reason = "ok" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/approvals")).StatusCode);
    }

    [Fact]
    public async Task TradingApi_Admin_RunNow_StartsAnOperationalRun()
    {
        using var admin = await App.SignedInClientAsync();
        var r = await admin.PostAsync("/api/runs", null);
        Assert.Equal(HttpStatusCode.OK, r.StatusCode);
        var outcome = await r.Content.ReadFromJsonAsync<JsonElement>();
        Assert.False(string.IsNullOrEmpty(outcome.GetProperty("runId").GetString()), outcome.ToString());
        Assert.NotEqual("Failed", outcome.GetProperty("status").GetString());
    }

    public static TheoryData<string, string> ReflectionApi() => new()
    {
        { "GET", "/api/reflection/reports" },
        { "GET", "/api/reflection/reports/some-report" },
        { "GET", "/api/prompts/versions" },
        { "GET", "/api/prompts/versions/1" },
        { "POST", "/api/reflection/run" },
        { "POST", "/api/reflection/rules/some-rule/adopt" },
        { "POST", "/api/reflection/rules/some-rule/reject" },
        { "POST", "/api/reflection/rules/some-rule/retire" },
        { "POST", "/api/prompts/versions/1/activate" },
    };

    [Theory]
    [MemberData(nameof(ReflectionApi))]
    public async Task ReflectionApi_WithoutSignIn_Answers401(string method, string path)
    {
        using var client = App.NewClient();
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method == "POST") request.Content = JsonContent.Create(new { reason = "anonymous" });
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request)).StatusCode);
    }

    [Fact]
    public async Task ReflectionApi_Viewer_ReadsReportsAndVersions_ButIsRefusedEveryAction_OnTheServer()
    {
        using var admin = await App.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/admin/users",
            new { userName = "viewer-reflection", password = "Viewer-Password-1", role = "Viewer" })).StatusCode);
        using var viewer = await App.SignedInClientAsync("viewer-reflection", "Viewer-Password-1");

        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/reflection/reports")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/api/prompts/versions")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/reflection")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync("/prompts")).StatusCode);
        foreach (var (method, path) in ReflectionApi().Select(r => ((string)r[0], (string)r[1])).Where(r => r.Item1 == "POST"))
        {
            var r = await viewer.PostAsJsonAsync(path, new { reason = "a viewer tries" });
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{method} {path}: {(int)r.StatusCode}");
        }
        // Nothing happened: still only the seeded version 1, active.
        var versions = await admin.GetFromJsonAsync<JsonElement>("/api/prompts/versions");
        Assert.Equal(1, versions.GetArrayLength());
        Assert.True(versions[0].GetProperty("isActive").GetBoolean());
    }

    [Fact]
    public async Task ReflectionApi_Admin_ReflectsAndReadsTheReport_AndDecisionsNeedAReasonAndAnExistingTarget()
    {
        using var admin = await App.SignedInClientAsync();
        var run = await admin.PostAsync("/api/reflection/run", null);
        Assert.Equal(HttpStatusCode.OK, run.StatusCode);
        var outcome = await run.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal("completed", outcome.GetProperty("status").GetString(), ignoreCase: true);
        var reportId = outcome.GetProperty("reportId").GetString();
        Assert.False(string.IsNullOrEmpty(reportId), outcome.ToString());

        var report = await admin.GetFromJsonAsync<JsonElement>($"/api/reflection/reports/{reportId}");
        Assert.Equal(reportId, report.GetProperty("report").GetProperty("reportId").GetString());
        Assert.Equal(JsonValueKind.Array, report.GetProperty("rules").ValueKind);
        Assert.Contains(reportId!, await admin.GetStringAsync("/api/reflection/reports"));
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync("/api/reflection/reports/no-such-report")).StatusCode);

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/reflection/rules/no-such-rule/adopt", new { reason = " " })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/reflection/rules/no-such-rule/adopt", new { reason = "ok" })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/reflection/rules/no-such-rule/reject", new { reason = "ok" })).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await admin.PostAsJsonAsync("/api/prompts/versions/1/activate", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.PostAsJsonAsync("/api/prompts/versions/99/activate", new { reason = "ok" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/prompts/versions/1/activate", new { reason = "re-activate the baseline" })).StatusCode);
    }

    [Fact]
    public async Task FiveFailures_LockTheAccountForFifteenMinutes_EvenForTheRightPassword()
    {
        using var admin = await App.SignedInClientAsync();
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/admin/users", new { userName = "lockme", password = "Lockme-Password-1", role = "Viewer" })).StatusCode);

        using var client = App.NewClient();
        for (var i = 0; i < 5; i++)
        {
            var bad = await AppProcess.SignInAsync(client, "lockme", "wrong-password-" + i);
            Assert.Contains("error=", bad.Headers.Location!.OriginalString);
        }
        var good = await AppProcess.SignInAsync(client, "lockme", "Lockme-Password-1");
        // The answer every refused sign-in gets: a locked account does not say so to an anonymous caller.
        Assert.Contains("error=invalid", good.Headers.Location!.OriginalString);
        // Locked for 15 minutes from the fifth failure.
        var users = await admin.GetFromJsonAsync<JsonElement>("/api/admin/users");
        var locked = users.EnumerateArray().Single(u => u.GetProperty("userName").GetString() == "lockme");
        Assert.True(locked.GetProperty("lockedOut").GetBoolean());
        var lockedFor = locked.GetProperty("lockoutEnd").GetDateTimeOffset() - DateTimeOffset.UtcNow;
        Assert.InRange(lockedFor, TimeSpan.FromMinutes(14), TimeSpan.FromMinutes(15.1));

        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsync("/api/admin/users/lockme/unlock", null)).StatusCode);
        var after = await AppProcess.SignInAsync(App.NewClient(), "lockme", "Lockme-Password-1");
        Assert.Equal("/", after.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task Responses_CarrySecurityHeaders()
    {
        using var client = App.NewClient();
        var r = await client.GetAsync("/account/login");
        Assert.Contains("frame-ancestors 'none'", r.Headers.GetValues("Content-Security-Policy").Single());
        Assert.Equal("DENY", r.Headers.GetValues("X-Frame-Options").Single());
        Assert.Equal("nosniff", r.Headers.GetValues("X-Content-Type-Options").Single());
    }
}
