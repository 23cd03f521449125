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
}
