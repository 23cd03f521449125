using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Security.Claims;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;
using KisTrader.Core.Rules;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Identity;
using KisTrader.Web.Scheduling;
using Microsoft.AspNetCore.SignalR;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// Issue 6, security, against the composed app: the endpoint list comes from the app itself, so an endpoint added later
/// is checked without anyone editing these tests.
/// </summary>
[Collection(ComposedAppCollection.Name)]
public sealed partial class ComposedAppSecurityTests(SecurityAppFixture fixture, ITestOutputHelper output) : IClassFixture<SecurityAppFixture>
{
    private SecurityApp App => fixture.App;

    /// <summary>
    /// What may answer without sign-in, each with its reason. Everything else must answer 401/403, or (pages) redirect
    /// to the login page. Static assets are recognised by their <c>StaticAssetDescriptor</c> metadata, not by path.
    /// </summary>
    private static readonly Dictionary<string, string> AnonymousAllowList = new()
    {
        // The sign-in page and its form: nobody could ever sign in otherwise. The form validates antiforgery.
        ["GET /account/login"] = "the sign-in page",
        ["POST /account/login"] = "the sign-in form post (antiforgery-validated, lockout after 5 failures)",
        // The exception handler re-executes /error for a request that failed, signed in or not; it shows a request id only.
        ["GET /error"] = "the error page (request id only, no exception text)",
        ["POST /error"] = "the error page, re-executed for a failed form post",
        // A container or a monitor polls it (docs/decisions.md, "/healthz is anonymous"); statuses only, no details.
        ["GET /healthz"] = "the health check (statuses only)",
        ["POST /healthz"] = "the health check answers any method (statuses only)",
    };

    private string RefusalOf(HttpResponseMessage r) => r.StatusCode switch
    {
        HttpStatusCode.Unauthorized or HttpStatusCode.Forbidden => "refused",
        HttpStatusCode.Redirect when r.Headers.Location is { } to && new Uri(App.App.BaseUrl, to) is var target
            && target.Authority == App.App.BaseUrl.Authority && target.AbsolutePath == AccountEndpoints.LoginPath => "refused",
        _ => $"{(int)r.StatusCode} {r.Headers.Location}",
    };

    private static HttpRequestMessage Request(string method, string path, object? json = null)
    {
        var request = new HttpRequestMessage(new HttpMethod(method), path);
        if (method != "GET") request.Content = JsonContent.Create(json ?? new { reason = "security test" });
        return request;
    }

    [Fact]
    public async Task EveryEndpointTheAppMaps_WithoutSignIn_IsRefused_ExceptAShortAllowListWithReasons()
    {
        var routes = EndpointCatalog.Routes(App.App.App);
        var statics = routes.Where(r => r.IsStaticAsset).ToList();
        var checkedRoutes = routes.Where(r => !r.IsStaticAsset).ToList();

        // The enumeration is real: it finds pages, both hubs (the Blazor circuit's included), the APIs and the account endpoints.
        foreach (var known in new[] { "GET /", "GET /admin/users", "GET /runs/{RunId}", "GET /reflection/{ReportId}", "POST /_blazor/negotiate",
                     "POST /hubs/market/negotiate", "GET /api/trading/state", "POST /api/trading/halt", "POST /api/admin/users",
                     "POST /api/approvals/{id}/approve", "POST /account/logout", "POST /account/password", "GET /account/login", "GET /healthz",
                     "GET /api/admin/config/versions", "GET /api/admin/config/versions/{id:long}", "GET /api/admin/config/diff",
                     "GET /hangfire/{**path}", "POST /hangfire/{**path}" })
            Assert.Contains(known, checkedRoutes.Select(r => r.ToString()));
        Assert.True(statics.Count > 10, $"only {statics.Count} static assets found");
        Assert.Contains(statics, s => s.Pattern.EndsWith("app.css", StringComparison.Ordinal));

        using var anonymous = App.NewClient();
        var leaks = new List<string>();
        var allowed = new List<string>();
        foreach (var route in checkedRoutes)
        {
            var key = route.ToString();
            var path = route.SamplePath();
            var response = await anonymous.SendAsync(Request(route.Method, path));
            var refusal = RefusalOf(response);
            if (AnonymousAllowList.ContainsKey(key)) { allowed.Add(key); continue; }
            if (refusal != "refused") leaks.Add($"{route.Method} {path} ({route.Pattern}) answered {refusal} without sign-in");
        }
        Assert.True(leaks.Count == 0, "Endpoints open to anonymous callers (refuse them, or allow-list them with a reason):\n" + string.Join("\n", leaks));
        // No allow-list entry is stale: each names an endpoint the app still maps.
        var stale = AnonymousAllowList.Keys.Except(allowed).ToList();
        Assert.True(stale.Count == 0, "Allow-list entries the app no longer maps: " + string.Join(", ", stale));

        // Static assets are anonymous by design (the login page needs its styles); they are files, not data.
        Assert.All(statics, s => Assert.Matches(@"\.[a-z0-9]+(\.gz|\.br)?$", s.Pattern));
        var sample = statics.First(s => s.Pattern.EndsWith("app.css", StringComparison.Ordinal) && !s.Pattern.Contains('{'));
        Assert.Equal(HttpStatusCode.OK, (await anonymous.GetAsync(sample.SamplePath())).StatusCode);

        output.WriteLine(SecurityReport.Record("anonymous", new
        {
            endpointsEnumerated = routes.Select(r => r.Endpoint).Distinct().Count(),
            routeMethodPairs = routes.Count,
            requestedAnonymously = checkedRoutes.Count,
            allowListed = allowed.Distinct().Count(),
            allowList = allowed.Distinct(),
            staticAssets = statics.Count,
            pages = checkedRoutes.Count(r => r.IsRazorPage && r.Method == "GET"),
            hubEndpoints = checkedRoutes.Count(r => r.IsHub),
            apiRoutes = checkedRoutes.Count(r => r.Pattern.StartsWith("/api/", StringComparison.Ordinal)),
            openToAnonymous = leaks.Count,
        }));
        foreach (var r in checkedRoutes) output.WriteLine($"  {r,-55} {(AnonymousAllowList.TryGetValue(r.ToString(), out var why) ? "ALLOWED: " + why : "refused")}");
    }

    /// <summary>Every POST/PUT/PATCH/DELETE the app maps is one of: an admin API (Admin policy), the account forms
    /// (the caller's own session and password), a hub or circuit connection, or a page's own form post.</summary>
    [Fact]
    public void EveryMutatingEndpoint_IsAnAdminApi_OrAnAccountForm_OrAConnection()
    {
        var unclassified = EndpointCatalog.Routes(App.App.App)
            .Where(r => r.IsMutating && !r.IsStaticAsset)
            .Where(r => !(r.Pattern.StartsWith("/api/", StringComparison.Ordinal) && r.Policies.Contains(Policies.Admin)))
            // The Hangfire dashboard's actions (trigger, requeue, delete): Admin policy, and antiforgery checked by Hangfire.
            .Where(r => !(r.Pattern.StartsWith(JobsDashboard.Path + "/", StringComparison.Ordinal) && r.Policies.Contains(Policies.Admin)))
            .Where(r => r.Pattern is not ("/account/login" or "/account/logout" or "/account/password"))
            .Where(r => !r.IsHub && !r.Pattern.StartsWith("/_blazor", StringComparison.Ordinal))
            .Where(r => !r.IsRazorPage)
            .Where(r => !AnonymousAllowList.ContainsKey(r.ToString()))
            .Select(r => $"{r} (policies: {string.Join(", ", r.Policies)})")
            .ToList();
        Assert.True(unclassified.Count == 0, "Mutating endpoints that are neither admin-only nor known:\n" + string.Join("\n", unclassified));
    }

    /// <summary>The Hangfire dashboard and its sub-paths, called directly: refused without sign-in (login redirect) and to
    /// a Viewer (403, also its actions, which change nothing), served to an Admin, whose "Trigger now" works with the
    /// antiforgery token the dashboard hands out and is refused without it.</summary>
    [Fact]
    public async Task HangfireDashboard_OnEverySubPath_RefusesAnonymousAndViewers_AndServesAdmins()
    {
        string[] pages = ["/hangfire", "/hangfire/", "/hangfire/recurring", "/hangfire/jobs/enqueued", "/hangfire/jobs/succeeded",
            "/hangfire/jobs/details/1", "/hangfire/servers", "/hangfire/retries"];
        string[] actions = ["/hangfire/stats", "/hangfire/recurring/trigger", "/hangfire/recurring/remove", "/hangfire/jobs/enqueued/delete"];
        using var anonymous = App.NewClient();
        using var viewer = await App.ViewerClientAsync();
        using var admin = await App.SignedInClientAsync();
        var storage = App.App.Get<Hangfire.JobStorage>();
        Hangfire.Storage.RecurringJobDto? DailySummary()
        {
            using var connection = storage.GetConnection();
            return Hangfire.Storage.StorageConnectionExtensions.GetRecurringJobs(connection).SingleOrDefault(r => r.Id == "daily-summary");
        }
        var before = DailySummary();
        Assert.NotNull(before);
        var failures = new List<string>();
        foreach (var path in pages.Concat(actions))
        {
            var method = actions.Contains(path) ? HttpMethod.Post : HttpMethod.Get;
            HttpRequestMessage Make() => new(method, path)
            {
                Content = method == HttpMethod.Post ? new FormUrlEncodedContent([new("jobs[]", "daily-summary")]) : null,
            };
            if (RefusalOf(await anonymous.SendAsync(Make())) != "refused") failures.Add($"anonymous {method} {path}");
            var v = await viewer.SendAsync(Make());
            if (v.StatusCode != HttpStatusCode.Forbidden) failures.Add($"viewer {method} {path}: {(int)v.StatusCode} {v.Headers.Location}");
        }
        Assert.True(failures.Count == 0, "The dashboard answered:\n" + string.Join("\n", failures));
        // The viewer's "trigger" and "remove" changed nothing: the job is there, not triggered.
        Assert.Equal(before.LastJobId, DailySummary()?.LastJobId);

        foreach (var path in pages.Where(p => !p.Contains("/details/")))
        {
            var r = await admin.GetAsync(path);
            Assert.True(r.StatusCode == HttpStatusCode.OK, $"admin GET {path}: {(int)r.StatusCode} {r.Headers.Location}");
        }
        var recurring = await admin.GetStringAsync("/hangfire/recurring");
        Assert.Contains("daily-summary", recurring);
        var header = Regex.Match(recurring, "<meta name=\"csrf-header\" content=\"([^\"]+)\">").Groups[1].Value;
        var token = Regex.Match(recurring, "<meta name=\"csrf-token\" content=\"([^\"]+)\">").Groups[1].Value;
        Assert.NotEmpty(header);
        Assert.NotEmpty(token);

        // Without the header our own pages send (the client sends it by default since it signed in): refused.
        admin.DefaultRequestHeaders.Remove(AppProcess.CsrfHeader);
        var without = await admin.PostAsync("/hangfire/recurring/trigger", new FormUrlEncodedContent([new("jobs[]", "daily-summary")]));
        Assert.Equal(HttpStatusCode.Forbidden, without.StatusCode);
        using var trigger = new HttpRequestMessage(HttpMethod.Post, "/hangfire/recurring/trigger")
        {
            Content = new FormUrlEncodedContent([new("jobs[]", "daily-summary")]),
        };
        trigger.Headers.Add(header, token);
        var triggered = await admin.SendAsync(trigger);
        Assert.True(triggered.IsSuccessStatusCode, $"admin trigger: {(int)triggered.StatusCode}");
        var fired = DailySummary()?.LastJobId;
        Assert.NotNull(fired);
        Assert.NotEqual(before.LastJobId, fired);
        await Poll.UntilAsync(() => Task.FromResult(storage.GetMonitoringApi().JobDetails(fired).History.Any(h => h.StateName == "Succeeded")),
            TimeSpan.FromSeconds(20), "the triggered daily summary job to run");
    }

    [Fact]
    public async Task EveryMutatingApiEndpoint_RefusesASignedInViewerWith403_AndNothingChanges()
    {
        using var admin = await App.SignedInClientAsync();
        using var viewer = await App.ViewerClientAsync();
        var approvalId = await App.PendingApprovalAsync(admin);
        var ruleId = await SeedProposedRuleAsync("R-SEC-VIEWER");

        var before = await SnapshotAsync(admin);
        var adminApis = EndpointCatalog.Routes(App.App.App)
            .Where(r => r.IsMutating && r.Pattern.StartsWith("/api/", StringComparison.Ordinal)).ToList();
        Assert.True(adminApis.Count >= 10, string.Join("\n", adminApis));
        var failures = new List<string>();
        foreach (var route in adminApis)
        {
            if (!route.Policies.Contains(Policies.Admin)) failures.Add($"{route}: no Admin policy ({string.Join(", ", route.Policies)})");
            var path = route.SamplePath(p => p switch
            {
                "id" when route.Pattern.Contains("/approvals/") => approvalId,
                "id" when route.Pattern.Contains("/rules/") => ruleId,
                "n" => "1",
                "userName" => SecurityApp.ViewerUser,
                _ => null,
            });
            var response = await viewer.SendAsync(Request(route.Method, path, new { reason = "a viewer tries", userName = "sneaky", password = "Sneaky-Password-1", role = "Admin" }));
            if (response.StatusCode != HttpStatusCode.Forbidden) failures.Add($"{route.Method} {path}: {(int)response.StatusCode} for a Viewer");
        }
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, await SnapshotAsync(admin));

        output.WriteLine(SecurityReport.Record("viewer", new
        {
            adminEndpointsChecked = adminApis.Count,
            endpoints = adminApis.Select(r => r.ToString()),
            answered403 = adminApis.Count - failures.Count,
            stateUnchanged = true,
        }));
    }

    /// <summary>Trading mode, approvals, prompt versions, rules, users and the whole audit log.</summary>
    private async Task<string> SnapshotAsync(HttpClient admin)
    {
        var sb = new StringBuilder();
        // The state's changedAt is "now" until someone first changes the mode; who, what and why are compared.
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/trading/state");
        sb.AppendLine(string.Join(" | ", new[] { "mode", "changedBy", "reason" }.Select(p => state.GetProperty(p).ToString())));
        foreach (var path in new[] { "/api/approvals", "/api/prompts/versions", "/api/reflection/reports", "/api/admin/users" })
            sb.AppendLine(path).AppendLine(await admin.GetStringAsync(path));
        var rules = await App.App.Get<IStrategyRuleStore>().ListAsync();
        sb.AppendLine(JsonSerializer.Serialize(rules.Select(r => (r.RuleId, r.Status.ToString()))));
        var audit = await App.App.Get<IAuditLog>().RecentAsync(10_000);
        sb.AppendLine(JsonSerializer.Serialize(audit));
        return sb.ToString();
    }

    private async Task<string> SeedProposedRuleAsync(string id)
    {
        await App.App.Get<IStrategyRuleStore>().AddAsync(new StrategyRule
        {
            RuleId = id, Category = RuleCategory.Entry, Condition = "side == \"BUY\" and rsi14 >= 95", Action = RuleAction.Block,
            Priority = 5, Rationale = "security test rule", ReportId = null, CreatedAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    /// <summary>The market hub is the app's only hub besides the Blazor circuit. Its methods only join and leave tick
    /// groups; a new hub method must be classified here (and, if it changes anything, check the Admin role).</summary>
    [Fact]
    public void HubMethods_OnlyReadTicks_SoAnySignedInUserMayCallThem()
    {
        var hubs = typeof(KisTrader.Web.Hosting.KisTraderHost).Assembly.GetTypes().Where(t => typeof(Hub).IsAssignableFrom(t) && !t.IsAbstract).ToList();
        var methods = hubs.SelectMany(h => h.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.DeclaredOnly)
            .Where(m => !m.IsSpecialName).Select(m => $"{h.Name}.{m.Name}")).OrderBy(m => m).ToList();
        Assert.Equal(["MarketHub.Unwatch", "MarketHub.Watch"], methods);
    }

    [Fact]
    public async Task UserAdminService_RefusesAViewerPrincipal_OnTheServer_WhateverThePageShowed()
    {
        await using var scope = App.App.Services.CreateAsyncScope();
        var svc = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var viewer = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, "some-viewer"), new Claim(ClaimTypes.Role, Roles.Viewer)], "test"));
        var anonymous = new ClaimsPrincipal(new ClaimsIdentity());
        var auditBefore = (await App.App.Get<IAuditLog>().RecentAsync(10_000)).Count;

        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => svc.CreateAsync(viewer, "made-by-viewer", "Made-By-Viewer-1", Roles.Admin));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => svc.UnlockAsync(viewer, AppProcess.AdminUser));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => svc.ListAsync(anonymous));
        await Assert.ThrowsAsync<UnauthorizedAccessException>(() => svc.CreateAsync(anonymous, "made-by-nobody", "Made-By-Nobody-1", Roles.Viewer));

        Assert.DoesNotContain(await svc.ListAsync(viewer), u => u.UserName.StartsWith("made-by", StringComparison.Ordinal));
        Assert.Equal(auditBefore, (await App.App.Get<IAuditLog>().RecentAsync(10_000)).Count);
    }

    /// <summary>The dashboard's admin buttons render for admins only; the handlers are server code a crafted circuit
    /// message could reach, so every component that calls an admin action checks the role itself.</summary>
    [Fact]
    public void EveryComponentThatCallsAnAdminAction_ChecksTheAdminRoleOnTheServer()
    {
        var components = Path.Combine(AppProcess.RepoRoot, "src", "KisTrader.Web", "Components");
        var files = Directory.GetFiles(components, "*.razor", SearchOption.AllDirectories);
        var callers = files.Where(f => AdminActionCall().IsMatch(File.ReadAllText(f))).ToList();
        Assert.True(callers.Count >= 5, string.Join("\n", callers));
        var unchecked_ = callers.Where(f =>
        {
            var text = File.ReadAllText(f);
            return !text.Contains("IsInRole(Roles.Admin)", StringComparison.Ordinal) && !text.Contains("[Authorize(Policy = Policies.Admin)]", StringComparison.Ordinal);
        }).Select(f => Path.GetRelativePath(components, f)).ToList();
        Assert.True(unchecked_.Count == 0, "Components calling admin actions without a server-side role check:\n" + string.Join("\n", unchecked_));
    }

    [GeneratedRegex(@"\.(HaltAsync|ReduceAsync|ResumeAsync|ApproveAsync|RejectAsync|AdoptRuleAsync|RejectRuleAsync|ActivatePromptVersionAsync|ReflectAsync|RunAsync|CreateAsync|UnlockAsync)\(|\.Faults\.")]
    private static partial Regex AdminActionCall();

    /// <summary>Without the token the forms are refused by the cross-site gate (403, problem details) before the endpoint
    /// runs; with it they work.</summary>
    [Fact]
    public async Task EveryFormEndpoint_WithoutTheAntiforgeryToken_IsRefused_AndWithTheTokenIsAccepted()
    {
        var forms = EndpointCatalog.Routes(App.App.App).Where(r => r.Method == "POST" && r.RequiresAntiforgery && !r.IsRazorPage).ToList();
        Assert.Equal(["POST /account/login", "POST /account/logout", "POST /account/password"], forms.Select(f => f.ToString()).Order());

        // Without a token: refused before anything happens, signed in or not.
        using var admin = await App.SignedInClientAsync();
        admin.DefaultRequestHeaders.Remove(AppProcess.CsrfHeader);
        foreach (var form in forms)
        {
            var r = await admin.PostAsync(form.Pattern, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["userName"] = AppProcess.AdminUser, ["password"] = SecurityApp.AdminPassword,
                ["currentPassword"] = SecurityApp.AdminPassword, ["newPassword"] = "Changed-Password-9", ["confirmPassword"] = "Changed-Password-9",
            }));
            Assert.True(r.StatusCode == HttpStatusCode.Forbidden, $"{form} without a token: {(int)r.StatusCode}");
            Assert.Contains(KisTrader.Web.Security.CrossSiteRequestGuard.TokenTitle, await r.Content.ReadAsStringAsync());
        }
        // Logout reads no form, so the token is checked whatever the body: none, or text/plain as a cross-site form can send.
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/account/logout", null)).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await admin.PostAsync("/account/logout", new StringContent("x=1"))).StatusCode);
        // Still signed in with the old password: logout and the password change did not happen.
        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/trading/state")).StatusCode);

        // A page's own form post (Razor components) is validated too.
        var page = await admin.PostAsync("/", new FormUrlEncodedContent(new Dictionary<string, string> { ["_handler"] = "x" }));
        Assert.Equal(HttpStatusCode.Forbidden, page.StatusCode);

        // With the token: the sign-in form signs in, the logout form signs out.
        using var fresh = App.NewClient();
        Assert.Equal("/", (await AppProcess.SignInAsync(fresh, AppProcess.AdminUser, SecurityApp.AdminPassword)).Headers.Location?.OriginalString);
        var token = AppProcess.FormToken(await fresh.GetStringAsync("/account/password"));
        Assert.NotEmpty(token);
        var logout = await fresh.PostAsync("/account/logout", new FormUrlEncodedContent(new Dictionary<string, string> { ["__RequestVerificationToken"] = token }));
        Assert.Equal(HttpStatusCode.Redirect, logout.StatusCode);
        Assert.Equal(AccountEndpoints.LoginPath, logout.Headers.Location?.OriginalString);
        Assert.Equal(HttpStatusCode.Unauthorized, (await fresh.GetAsync("/api/trading/state")).StatusCode);
    }


    [Fact]
    public async Task EveryKindOfResponse_CarriesTheSecurityHeaders_WithAContentSecurityPolicyOfOurOwnScriptsAndStylesOnly()
    {
        using var anonymous = App.NewClient();
        using var admin = await App.SignedInClientAsync();
        var staticAsset = EndpointCatalog.Routes(App.App.App).First(r => r.IsStaticAsset && r.Pattern.EndsWith("app.css", StringComparison.Ordinal) && !r.Pattern.Contains('{'));
        var responses = new List<(string What, HttpResponseMessage Response)>
        {
            ("login page", await anonymous.GetAsync("/account/login")),
            ("page redirect to login", await anonymous.GetAsync("/")),
            ("signed-in page", await admin.GetAsync("/")),
            ("API JSON", await admin.GetAsync("/api/trading/state")),
            ("API 401", await anonymous.GetAsync("/api/trading/state")),
            ("API 400", await admin.PostAsJsonAsync("/api/trading/halt", new { })),
            ("static file", await anonymous.GetAsync(staticAsset.SamplePath())),
            ("error page", await anonymous.GetAsync("/error")),
            ("not found", await admin.GetAsync("/no-such-page.txt")),
            ("health", await anonymous.GetAsync("/healthz")),
            ("antiforgery 400", await anonymous.PostAsync("/account/login", new FormUrlEncodedContent([]))),
        };
        foreach (var (what, r) in responses)
        {
            Assert.True(r.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
            AssertStrictPolicy(what, Csp.Parse(csp.Single()));
            Assert.True(r.Headers.TryGetValues("X-Frame-Options", out var xfo) && xfo.Single() == "DENY", $"{what}: X-Frame-Options");
            Assert.True(r.Headers.TryGetValues("X-Content-Type-Options", out var nosniff) && nosniff.Single() == "nosniff", $"{what}: X-Content-Type-Options");
            Assert.True(r.Headers.TryGetValues("Referrer-Policy", out var referrer) && referrer.Single() is "no-referrer" or "same-origin" or "strict-origin-when-cross-origin",
                $"{what}: Referrer-Policy");
        }
        output.WriteLine(SecurityReport.Record("headers", new { responsesChecked = responses.Count, kinds = responses.Select(r => r.What) }));
    }

    internal static void AssertStrictPolicy(string what, IReadOnlyDictionary<string, string[]> csp)
    {
        string[] Sources(string directive) => csp.TryGetValue(directive, out var s) ? s : csp.TryGetValue("default-src", out var d) ? d : [];
        Assert.True(csp.ContainsKey("default-src") && csp["default-src"].SequenceEqual(["'self'"]), $"{what}: default-src must be 'self' only");
        Assert.True(Sources("script-src").SequenceEqual(["'self'"]), $"{what}: script-src must be 'self' only, not {string.Join(" ", Sources("script-src"))}");
        // MudBlazor sets inline style attributes on its components, so styles also allow 'unsafe-inline' (docs/decisions.md,
        // "The content security policy"); nothing else, and never for scripts.
        Assert.True(Sources("style-src").Order().SequenceEqual(["'self'", "'unsafe-inline'"]), $"{what}: style-src {string.Join(" ", Sources("style-src"))}");
        foreach (var (directive, sources) in csp)
        {
            Assert.DoesNotContain("'unsafe-eval'", sources);
            Assert.DoesNotContain("*", sources);
            if (directive != "style-src") Assert.DoesNotContain("'unsafe-inline'", sources);
            // Only our own origin: no host, no scheme wildcards such as https: or ws:.
            Assert.True(sources.All(s => s.StartsWith('\'') || s == "data:"), $"{what}: {directive} names a host or scheme: {string.Join(" ", sources)}");
        }
        Assert.True(csp.TryGetValue("frame-ancestors", out var frames) && frames.SequenceEqual(["'none'"]), $"{what}: frame-ancestors must be 'none'");
        Assert.True(csp.TryGetValue("object-src", out var objects) && objects.SequenceEqual(["'none'"]), $"{what}: object-src must be 'none'");
        Assert.True(csp.TryGetValue("base-uri", out var bases) && bases.SequenceEqual(["'self'"]), $"{what}: base-uri must be 'self'");
        Assert.True(csp.TryGetValue("form-action", out var forms) && forms.SequenceEqual(["'self'"]), $"{what}: form-action must be 'self'");
    }

    [Fact]
    public async Task AdminActions_EachWriteAnAuditEntry_NamingTheAdmin()
    {
        using var admin = await App.SignedInClientAsync();
        var audit = App.App.Get<IAuditLog>();
        var since = DateTimeOffset.UtcNow.AddSeconds(-1);
        var expected = new List<(string Action, string Target)>();

        async Task Post(string path, object? body = null)
        {
            var r = await admin.PostAsJsonAsync(path, body ?? new { reason = "audit test" });
            Assert.True(r.IsSuccessStatusCode, $"POST {path}: {(int)r.StatusCode} {await r.Content.ReadAsStringAsync()}");
        }

        await Post("/api/trading/halt"); expected.Add(("trading.mode", "Halted"));
        await Post("/api/trading/reduce"); expected.Add(("trading.mode", "Reducing"));
        await Post("/api/trading/resume"); expected.Add(("trading.mode", "Active"));

        var approve = await App.PendingApprovalAsync(admin, quantity: 1);
        await Post($"/api/approvals/{approve}/approve"); expected.Add(("approval.approve", approve));
        var reject = await App.PendingApprovalAsync(admin, quantity: 1);
        await Post($"/api/approvals/{reject}/reject"); expected.Add(("approval.reject", reject));

        var adoptId = await SeedProposedRuleAsync("R-SEC-ADOPT");
        var adopted = await admin.PostAsJsonAsync($"/api/reflection/rules/{adoptId}/adopt", new { reason = "audit test" });
        var adoptedBody = await adopted.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(adopted.IsSuccessStatusCode, adoptedBody.ToString());
        expected.Add(("rule.adopt", adoptId));
        var version = adoptedBody.GetProperty("promptVersion").GetInt32();
        var rejectId = await SeedProposedRuleAsync("R-SEC-REJECT");
        await Post($"/api/reflection/rules/{rejectId}/reject"); expected.Add(("rule.reject", rejectId));

        await Post($"/api/prompts/versions/{version - 1}/activate"); expected.Add(("prompt.rollback", $"core_decision v{version - 1}"));
        await Post($"/api/prompts/versions/{version}/activate"); expected.Add(("prompt.activate", $"core_decision v{version}"));

        await Post("/api/admin/users", new { userName = "audited-user", password = "Audited-Password-1", role = "Viewer" }); expected.Add(("user.created", "audited-user"));
        await Post("/api/admin/users/audited-user/unlock", new { }); expected.Add(("user.unlocked", "audited-user"));
        await Post("/api/runs", new { }); expected.Add(("run.start", "operational"));
        await Post("/api/reflection/run", new { }); expected.Add(("run.start", "reflection"));

        var entries = (await audit.RecentAsync(10_000)).Where(e => e.Timestamp >= since).ToList();
        var missing = expected.Where(x => !entries.Any(e => e.Action == x.Action && e.Target.StartsWith(x.Target, StringComparison.Ordinal) && e.Actor == AppProcess.AdminUser))
            .Select(x => $"{x.Action} {x.Target}").ToList();
        Assert.True(missing.Count == 0, "No audit entry by admin for:\n" + string.Join("\n", missing) + "\nEntries:\n" +
            string.Join("\n", entries.Select(e => $"{e.Actor} {e.Action} {e.Target} {e.Details}")));
        output.WriteLine(SecurityReport.Record("audit", new { adminActionsChecked = expected.Count, actions = expected.Select(x => x.Action).Distinct() }));
    }

    [Fact]
    public async Task TheKisAccessToken_IsCachedEncrypted_AndAppearsInNoFileOfTheDataDirectoryNorInTheDatabase()
    {
        var tokens = App.IssuedTokens();
        Assert.NotEmpty(tokens);
        var cache = Assert.Single(Directory.GetFiles(Path.Combine(App.Dir.DataDir, "kis"), "kis-token-*.bin"));
        Assert.True(new FileInfo(cache).Length > 100, "the token cache is empty");

        var secrets = tokens.Select((t, i) => ($"token #{i + 1}", t)).ToDictionary(x => x.Item1, x => x.t);
        var scanner = new SecretScanner(secrets);
        scanner.ScanDirectory(App.Dir.DataDir);
        scanner.ScanSqlite(App.Dir.DatabaseFile);
        Assert.True(scanner.Findings.Count == 0, string.Join("\n", scanner.Findings));
        Assert.True(scanner.Files >= 3 && scanner.Rows > 0, $"{scanner.Files} files, {scanner.Rows} rows");
        // The file name carries no app key either, only its hash.
        Assert.DoesNotContain(SecurityApp.AppKey, cache);
        output.WriteLine(SecurityReport.Record("tokenCache", new { tokensLookedFor = tokens.Count, filesScanned = scanner.Files, rowsScanned = scanner.Rows, plaintextFound = scanner.Findings.Count }));
    }
}

/// <summary>A Content-Security-Policy header as directive → sources.</summary>
internal static class Csp
{
    public static IReadOnlyDictionary<string, string[]> Parse(string header) => header
        .Split(';', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
        .Select(d => d.Split(' ', StringSplitOptions.RemoveEmptyEntries))
        .ToDictionary(p => p[0].ToLowerInvariant(), p => p[1..]);
}
