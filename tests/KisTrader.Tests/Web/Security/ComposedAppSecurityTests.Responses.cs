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

/// <summary>Security of what the app answers: forms and their antiforgery token, the security headers, the audit of
/// admin actions and the KIS token at rest.</summary>
public sealed partial class ComposedAppSecurityTests
{
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
        // A REST call of the app's own, so that a token was issued and cached whichever tests of the class ran before
        // (run alone, this test came before the app had called KIS at all).
        await App.App.App.Services.GetRequiredService<IMarketData>().GetQuoteAsync(SecurityApp.Ticker);
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
