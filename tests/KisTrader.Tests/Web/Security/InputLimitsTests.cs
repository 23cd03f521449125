using System.Net;
using System.Security.Claims;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using KisTrader.Core.Rules;
using KisTrader.Core.Security;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Identity;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using Xunit.Abstractions;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// Issue 14, finding 6: limits on every input. Every API endpoint that takes text, field by field, just over its limit
/// (<see cref="InputLimits"/>): a 400 problem naming the field, or 413 for a body over the API's size limit, and nothing
/// stored or changed. Then the account forms (sign-in, password change, returnUrl). No answer is a 500, and none of this
/// bad input writes a line to the error log.
/// </summary>
[Collection(ComposedAppCollection.Name)]
public sealed class InputLimitsTests(SecurityAppFixture fixture, ITestOutputHelper output) : IClassFixture<SecurityAppFixture>
{
    private SecurityApp App => fixture.App;

    private static readonly string OverReason = new('r', InputLimits.ReasonMaxLength + 1);
    private static readonly string OverName = new('n', InputLimits.UserNameMaxLength + 1);
    private static readonly string OverPassword = "Aa1" + new string('p', InputLimits.PasswordMaxLength - 2);
    private static readonly string OverId = new('i', InputLimits.IdMaxLength + 1);
    private static readonly string OneMegabyte = new('x', 1 << 20);

    private sealed record Case(string Name, string Method, string Path, string? Json, HttpStatusCode Status, string Message)
    {
        public override string ToString() => $"{Name}: {Method} {Path}";
    }

    private static IEnumerable<Case> Cases(string approvalId, string ruleId)
    {
        string Body(object o) => JsonSerializer.Serialize(o);
        var tooLong = $"reason: at most {InputLimits.ReasonMaxLength} characters";
        foreach (var path in new[] { "/api/trading/halt", "/api/trading/reduce", "/api/trading/resume", $"/api/approvals/{approvalId}/approve",
                     $"/api/approvals/{approvalId}/reject", $"/api/reflection/rules/{ruleId}/adopt", $"/api/reflection/rules/{ruleId}/reject",
                     $"/api/reflection/rules/{ruleId}/retire", "/api/prompts/versions/1/activate" })
        {
            yield return new("reason over the limit", "POST", path, Body(new { reason = OverReason }), HttpStatusCode.BadRequest, tooLong);
            yield return new("reason with a NUL", "POST", path, Body(new { reason = "stop\0now" }), HttpStatusCode.BadRequest, "reason: must not contain control characters");
            yield return new("reason missing", "POST", path, Body(new { reason = (string?)null }), HttpStatusCode.BadRequest, "reason: is required");
            // Over the API's body limit: refused unread, whatever the field.
            yield return new("1 MB reason", "POST", path, Body(new { reason = OneMegabyte }), HttpStatusCode.RequestEntityTooLarge,
                $"request body: at most {InputLimits.JsonBodyMaxBytes} bytes");
        }
        foreach (var path in new[] { $"/api/approvals/{OverId}/approve", $"/api/approvals/{OverId}/reject", $"/api/reflection/rules/{OverId}/adopt",
                     $"/api/reflection/rules/{OverId}/reject", $"/api/reflection/rules/{OverId}/retire" })
            yield return new("id over the limit", "POST", path, Body(new { reason = "ok" }), HttpStatusCode.BadRequest, $"id: at most {InputLimits.IdMaxLength} characters");
        yield return new("id over the limit", "GET", $"/api/reflection/reports/{OverId}", null, HttpStatusCode.BadRequest, $"id: at most {InputLimits.IdMaxLength} characters");

        const string users = "/api/admin/users";
        const string good = "Good-Password-1";
        yield return new("user name over the limit", "POST", users, Body(new { userName = OverName, password = good, role = "Viewer" }),
            HttpStatusCode.BadRequest, $"userName: at most {InputLimits.UserNameMaxLength} characters");
        yield return new("5,000-character user name", "POST", users, Body(new { userName = new string('u', 5000), password = good, role = "Viewer" }),
            HttpStatusCode.BadRequest, $"userName: at most {InputLimits.UserNameMaxLength} characters");
        foreach (var (what, name) in new[] { ("NUL", "bad\0name"), ("tab", "bad\tname"), ("newline", "bad\nname"), ("bidi override", "bad\u202Ename"), ("DEL", "bad\u007Fname") })
            yield return new($"user name with a {what}", "POST", users, Body(new { userName = name, password = good, role = "Viewer" }),
                HttpStatusCode.BadRequest, "userName: must not contain control characters");
        yield return new("password null", "POST", users, Body(new { userName = "nullpass", password = (string?)null, role = "Viewer" }),
            HttpStatusCode.BadRequest, "password: is required");
        yield return new("user name null", "POST", users, Body(new { userName = (string?)null, password = good, role = "Viewer" }),
            HttpStatusCode.BadRequest, "userName: is required");
        yield return new("role null", "POST", users, Body(new { userName = "norole", password = good, role = (string?)null }),
            HttpStatusCode.BadRequest, "role: is required");
        yield return new("password over the limit", "POST", users, Body(new { userName = "longpass", password = OverPassword, role = "Viewer" }),
            HttpStatusCode.BadRequest, $"password: at most {InputLimits.PasswordMaxLength} characters");
        yield return new("1 MB password", "POST", users, Body(new { userName = "megapass", password = OneMegabyte, role = "Viewer" }),
            HttpStatusCode.RequestEntityTooLarge, $"request body: at most {InputLimits.JsonBodyMaxBytes} bytes");
        yield return new("user name over the limit", "POST", $"{users}/{OverName}/unlock", "{}", HttpStatusCode.BadRequest,
            $"userName: at most {InputLimits.UserNameMaxLength} characters");
    }

    [Fact]
    public async Task EveryApiInput_OverItsLimit_Is400NamingTheField_Or413ForTheBody_AndNothingChanges_AndNothingIsLoggedAsAnError()
    {
        var mark = App.Logs.Mark();
        using var admin = await App.SignedInClientAsync();
        var approvalId = await App.PendingApprovalAsync(admin);
        var ruleId = await SeedProposedRuleAsync("R-LIMITS");
        var before = await App.StateSnapshotAsync(admin);

        var cases = Cases(approvalId, ruleId).ToList();
        var failures = new List<string>();
        foreach (var c in cases)
        {
            using var request = new HttpRequestMessage(new HttpMethod(c.Method), c.Path);
            if (c.Json is not null) request.Content = new StringContent(c.Json, Encoding.UTF8, "application/json");
            using var response = await admin.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode != c.Status || response.Content.Headers.ContentType?.MediaType != "application/problem+json" || !body.Contains(JsonText(c.Message), StringComparison.Ordinal))
                failures.Add($"{c}: {(int)response.StatusCode} {response.Content.Headers.ContentType} {Short(body)} (expected {(int)c.Status} \"{c.Message}\")");
        }

        // A body of unknown length (chunked) over the limit is refused the same way.
        using (var chunked = new HttpRequestMessage(HttpMethod.Post, "/api/trading/halt") { Content = new ChunkedJson(JsonSerializer.Serialize(new { reason = OneMegabyte })) })
        {
            using var response = await admin.SendAsync(chunked);
            if (response.StatusCode != HttpStatusCode.RequestEntityTooLarge) failures.Add($"chunked 1 MB body: {(int)response.StatusCode}");
        }
        Assert.True(failures.Count == 0, $"{failures.Count} of {cases.Count + 1} inputs were not refused as expected:\n" + string.Join("\n", failures));
        Assert.Equal(before, await App.StateSnapshotAsync(admin));

        // At the limit is accepted: the limits are where they say they are.
        var atLimit = new string('r', InputLimits.ReasonMaxLength);
        var halted = await admin.PostAsJsonAsync("/api/trading/halt", new { reason = atLimit });
        Assert.Equal(HttpStatusCode.OK, halted.StatusCode);
        Assert.Equal(atLimit, (await admin.GetFromJsonAsync<JsonElement>("/api/trading/state")).GetProperty("reason").GetString());
        Assert.Equal(HttpStatusCode.OK, (await admin.PostAsJsonAsync("/api/trading/resume", new { reason = "line one\nline two\tend" })).StatusCode);
        var maxName = new string('m', InputLimits.UserNameMaxLength);
        var created = await admin.PostAsJsonAsync("/api/admin/users", new { userName = maxName, password = "Aa1" + new string('p', InputLimits.PasswordMaxLength - 3), role = "Viewer" });
        Assert.True(created.IsSuccessStatusCode, await created.Content.ReadAsStringAsync());

        // No error-log line from any of it: the app is restarted first, so that every request has finished logging.
        await App.RestartAsync();
        var errors = ErrorsSince(mark);
        Assert.True(errors.Count == 0, "Bad input logged errors:\n" + string.Join("\n", errors.Take(40)));
        // The log was flushed and read: the refusals are there, as warnings.
        Assert.Contains(App.Logs.Since(mark), e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("Refused a request body over"));
        output.WriteLine(SecurityReport.Record("inputLimits", new
        {
            apiCases = cases.Count + 1,
            endpoints = cases.Select(c => $"{c.Method} {c.Path.Replace(approvalId, "{id}").Replace(ruleId, "{id}")}").Distinct().Count(),
            refusedAsExpected = cases.Count + 1 - failures.Count,
            stateUnchanged = true,
            errorLogLines = errors.Count,
            limits = new { InputLimits.ReasonMaxLength, InputLimits.UserNameMaxLength, InputLimits.PasswordMaxLength, InputLimits.IdMaxLength, InputLimits.JsonBodyMaxBytes, InputLimits.FormBodyMaxBytes },
        }));
    }

    [Fact]
    public async Task TheSignInForm_RefusesOversizedOrControlCharacterInput_WithTheOneFailureAnswer_AndNeverA500()
    {
        var mark = App.Logs.Mark();
        using var client = App.NewClient();
        var token = await SignInEnumerationTests.AntiforgeryTokenAsync(client);
        async Task<HttpResponseMessage> PostAsync(string user, string password, string returnUrl = "/") =>
            await client.PostAsync(AccountEndpoints.LoginPath, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["userName"] = user, ["password"] = password, ["returnUrl"] = returnUrl,
            }));
        var failed = $"{AccountEndpoints.LoginPath}?error={AccountEndpoints.FailedError}&returnUrl=%2F";
        foreach (var (what, user, password) in new[]
                 {
                     ("5,000-character user name", new string('u', 5000), "Whatever-Pass-1"),
                     ("newline in the user name", AppProcess.AdminUser + "\n", SecurityApp.AdminPassword),
                     ("password over the limit", AppProcess.AdminUser, OverPassword),
                 })
        {
            var r = await PostAsync(user, password);
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == failed, $"{what}: {(int)r.StatusCode} {r.Headers.Location}");
        }
        // An encoded NUL never reaches the endpoint: ASP.NET's form reader refuses it ("The form value contains invalid
        // characters"), a 400 that depends on the input only, without the exception's text.
        var nul = await PostAsync(AppProcess.AdminUser + "\0", SecurityApp.AdminPassword);
        Assert.Equal(HttpStatusCode.BadRequest, nul.StatusCode);
        Assert.DoesNotContain("Exception", await nul.Content.ReadAsStringAsync());
        // A 1 MB password is over the account forms' body limit: refused unread, never hashed.
        var huge = await PostAsync(AppProcess.AdminUser, OneMegabyte);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, huge.StatusCode);
        Assert.Contains($"request body: at most {InputLimits.FormBodyMaxBytes} bytes", await huge.Content.ReadAsStringAsync());

        // Valid credentials with a hostile returnUrl: signed in, sent home, never elsewhere and never a 500.
        foreach (var (returnUrl, expected) in new[]
                 {
                     ("/\t/evil.com", "/"), ("//evil.com", "/"), ("/\\evil.com", "/"), ("https://evil.com/", "/"), ("/ok\\..\\x", "/"),
                     ("/\u007Fx", "/"), ("/\u202E/evil.com", "/"), ("/trades\r\nSet-Cookie: x=1", "/"), ("/" + new string('a', InputLimits.ReturnUrlMaxLength), "/"),
                     ("/trades?ticker=005930", "/trades?ticker=005930"),
                 })
        {
            using var fresh = App.NewClient();
            var freshToken = await SignInEnumerationTests.AntiforgeryTokenAsync(fresh);
            var r = await fresh.PostAsync(AccountEndpoints.LoginPath, new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = freshToken, ["userName"] = AppProcess.AdminUser, ["password"] = SecurityApp.AdminPassword, ["returnUrl"] = returnUrl,
            }));
            Assert.True(r.StatusCode == HttpStatusCode.Redirect && r.Headers.Location?.OriginalString == expected,
                $"returnUrl {JsonSerializer.Serialize(returnUrl)}: {(int)r.StatusCode} {r.Headers.Location}");
            Assert.Equal(HttpStatusCode.OK, (await fresh.GetAsync("/api/trading/state")).StatusCode);
        }
        // The login page itself never offers a hostile returnUrl back.
        var page = await client.GetStringAsync(AccountEndpoints.LoginPath + "?returnUrl=%2F%09%2Fevil.com");
        Assert.DoesNotContain("evil.com", page);

        // The password form: over the limit is refused naming the field, and the password stays what it was.
        using var admin = await App.SignedInClientAsync();
        var formToken = AppProcess.FormToken(await admin.GetStringAsync("/account/password"));
        var change = await admin.PostAsync("/account/password", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = formToken, ["currentPassword"] = SecurityApp.AdminPassword, ["newPassword"] = OverPassword, ["confirmPassword"] = OverPassword,
        }));
        Assert.Equal(HttpStatusCode.Redirect, change.StatusCode);
        Assert.Contains(Uri.EscapeDataString($"newPassword: at most {InputLimits.PasswordMaxLength} characters"), change.Headers.Location!.OriginalString);
        using var again = await App.SignedInClientAsync();

        await App.RestartAsync();
        var errors = ErrorsSince(mark);
        Assert.True(errors.Count == 0, "Bad sign-in input logged errors:\n" + string.Join("\n", errors.Take(40)));
        Assert.Contains(App.Logs.Since(mark), e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("Sign-in refused before any lookup"));
    }

    /// <summary>The Users page calls the service in-process (no HTTP edge), and Identity sets passwords on other paths too
    /// (the first admin, password change): both refuse what the API refuses.</summary>
    [Fact]
    public async Task TheUserService_AndIdentityItself_RefuseNamesAndPasswordsOverTheLimits_WhoeverCalls()
    {
        await using var scope = App.App.Services.CreateAsyncScope();
        var svc = scope.ServiceProvider.GetRequiredService<UserAdminService>();
        var adminUser = new ClaimsPrincipal(new ClaimsIdentity([new Claim(ClaimTypes.Name, AppProcess.AdminUser), new Claim(ClaimTypes.Role, Roles.Admin)], "test"));
        Assert.Equal($"userName: at most {InputLimits.UserNameMaxLength} characters", (await svc.CreateAsync(adminUser, OverName, "Good-Password-1", Roles.Viewer)).Message);
        Assert.Equal("userName: must not contain control characters", (await svc.CreateAsync(adminUser, "tab\tname", "Good-Password-1", Roles.Viewer)).Message);
        Assert.Equal($"password: at most {InputLimits.PasswordMaxLength} characters", (await svc.CreateAsync(adminUser, "okname", OverPassword, Roles.Viewer)).Message);

        var users = scope.ServiceProvider.GetRequiredService<UserManager<IdentityUser>>();
        var tooLongName = await users.CreateAsync(new IdentityUser(OverName), "Good-Password-1");
        Assert.Contains(tooLongName.Errors, e => e.Code == "UserNameLimit");
        var tooLongPassword = await users.CreateAsync(new IdentityUser("identity-direct"), OverPassword);
        Assert.Contains(tooLongPassword.Errors, e => e.Code == "PasswordLimit");
        Assert.Null(await users.FindByNameAsync(OverName));
        Assert.Null(await users.FindByNameAsync("identity-direct"));
    }

    private async Task<string> SeedProposedRuleAsync(string id)
    {
        await App.App.Get<KisTrader.Core.Ports.IStrategyRuleStore>().AddAsync(new StrategyRule
        {
            RuleId = id, Category = RuleCategory.Entry, Condition = "side == \"BUY\" and rsi14 >= 95", Action = RuleAction.Block,
            Priority = 5, Rationale = "input limits test rule", ReportId = null, CreatedAt = DateTimeOffset.UtcNow,
        });
        return id;
    }

    /// <summary>The message as it appears inside a JSON string.</summary>
    private static string JsonText(string message) => JsonSerializer.Serialize(message)[1..^1];

    /// <summary>The Error and Fatal events logged since <paramref name="mark"/>, as text.</summary>
    private List<string> ErrorsSince(int mark) => [.. App.Logs.Since(mark).Where(e => e.Level >= LogEventLevel.Error).Select(LogCapture.Text)];

    private static string Short(string s) => s.Length > 300 ? s[..300] + "…" : s;

    /// <summary>A JSON body sent without Content-Length (chunked), as a client streaming it would.</summary>
    private sealed class ChunkedJson : HttpContent
    {
        private readonly byte[] _bytes;

        public ChunkedJson(string json)
        {
            _bytes = Encoding.UTF8.GetBytes(json);
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            for (var i = 0; i < _bytes.Length; i += 16_384) await stream.WriteAsync(_bytes.AsMemory(i, Math.Min(16_384, _bytes.Length - i)));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 0;
            return false;
        }
    }
}
