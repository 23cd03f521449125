using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Hosting.Errors;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Events;
using Xunit.Abstractions;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// Issue 14, findings 2, 5 and 6: one error policy in every environment. An exception answers problem details (API) or the
/// error page (a page) with a correlation id that is also in the log line with the exception; never the exception's text,
/// a stack, a source path or a cookie. Bad input gets a 4xx that says what was wrong and logs no error.
/// </summary>
[Collection(ComposedAppCollection.Name)]
public sealed class ErrorPolicyTests(ITestOutputHelper output)
{
    /// <summary>The report id whose read fails, and the text of its exception: it must reach the log and nothing else.</summary>
    private const string ExplodingReportId = "explode-report";
    private const string ExceptionMarker = "Qz7-internal-failure-text";
    private const string SourcePathMarker = "/srv/kistrader/src/Secret/ExplodingStore.cs";

    /// <summary>The database store, except that one report fails to load, the way a broken row or a lost connection would.</summary>
    private sealed class ExplodingReportStore(IReflectionReportStore inner) : IReflectionReportStore
    {
        public Task SaveAsync(ReflectionReport report, CancellationToken ct = default) => inner.SaveAsync(report, ct);

        public Task<ReflectionReport?> GetAsync(string reportId, CancellationToken ct = default) => reportId == ExplodingReportId
            ? throw new InvalidOperationException($"{ExceptionMarker} while reading {SourcePathMarker}:line 42")
            : inner.GetAsync(reportId, ct);

        public Task<IReadOnlyList<ReflectionReport>> ListAsync(int count = 50, CancellationToken ct = default) => inner.ListAsync(count, ct);
    }

    private static void ExplodingStore(IServiceCollection services)
    {
        var registered = services.Last(d => d.ServiceType == typeof(IReflectionReportStore));
        services.AddSingleton<IReflectionReportStore>(sp => new ExplodingReportStore((IReflectionReportStore)ActivatorUtilities.CreateInstance(sp, registered.ImplementationType!)));
    }

    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task AnExceptionInAnApiEndpointOrAPage_AnswersOnlyACorrelationId_WhichTheLogLineWithTheExceptionCarries(string environment)
    {
        await using var app = await SecurityApp.StartAsync(services: ExplodingStore, environment: environment);
        Assert.Equal(environment, app.App.App.Environment.EnvironmentName);
        var cookies = new CookieContainer();
        using var admin = app.NewClient(cookies);
        Assert.Equal("/", (await AppProcess.SignInAsync(admin, AppProcess.AdminUser, SecurityApp.AdminPassword)).Headers.Location?.OriginalString);
        var cookieValues = cookies.GetAllCookies().Select(c => c.Value).Where(v => v.Length >= 16).ToList();
        Assert.NotEmpty(cookieValues);

        // The API: problem details with the id, whatever the client accepts.
        var api = await admin.GetAsync($"/api/reflection/reports/{ExplodingReportId}");
        var apiBody = await api.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, api.StatusCode);
        Assert.Equal("application/problem+json", api.Content.Headers.ContentType?.MediaType);
        var problem = JsonDocument.Parse(apiBody).RootElement;
        Assert.Equal(500, problem.GetProperty("status").GetInt32());
        Assert.Equal(ExceptionResponder.ServerErrorTitle, problem.GetProperty("title").GetString());
        var apiId = problem.GetProperty("traceId").GetString()!;
        Assert.Matches("^[0-9a-f]{32}$", apiId);
        Assert.Contains(apiId, problem.GetProperty("detail").GetString());
        AssertNothingLeaks("API", apiBody, cookieValues);
        AssertSecurityHeaders("API 500", api);

        // A page a browser asked for: the friendly error page, with the id, in the plain layout.
        using var pageRequest = new HttpRequestMessage(HttpMethod.Get, $"/reflection/{ExplodingReportId}");
        pageRequest.Headers.Accept.ParseAdd("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8");
        var page = await admin.SendAsync(pageRequest);
        var pageBody = await page.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.InternalServerError, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.Contains("data-testid=\"error-title\"", pageBody);
        var pageId = System.Text.RegularExpressions.Regex.Match(pageBody, "data-testid=\"correlation-id\">([0-9a-f]{32})<").Groups[1].Value;
        Assert.Matches("^[0-9a-f]{32}$", pageId);
        Assert.NotEqual(apiId, pageId);
        AssertNothingLeaks("page", pageBody, cookieValues);
        Assert.DoesNotContain("status-strip", pageBody);
        AssertSecurityHeaders("page 500", page);

        // The same page asked for by a script (no Accept: text/html) gets problem details instead.
        var scripted = await admin.GetAsync($"/reflection/{ExplodingReportId}");
        Assert.Equal("application/problem+json", scripted.Content.Headers.ContentType?.MediaType);
        AssertNothingLeaks("page for a script", await scripted.Content.ReadAsStringAsync(), cookieValues);

        // The log has each failure once, as an error with the exception and the id the client was given.
        foreach (var id in new[] { apiId, pageId })
        {
            var lines = app.Logs.Since(0).Where(e => e.Level == LogEventLevel.Error && e.RenderMessage().Contains(id, StringComparison.Ordinal)).ToList();
            var line = Assert.Single(lines, e => e.Exception is not null);
            Assert.Contains(ExceptionMarker, line.Exception!.ToString());
            Assert.Contains("ExplodingReportStore", line.Exception.ToString()); // the stack, in the log only
        }
        // The framework's own "unhandled exception" line (without the id) is not written a second time.
        Assert.DoesNotContain(app.Logs.Since(0), e => LogCapture.Category(e).StartsWith("Microsoft.AspNetCore.Diagnostics", StringComparison.Ordinal) && e.Level >= LogEventLevel.Error);
        output.WriteLine(SecurityReport.Record("errors-" + environment, new { apiStatus = 500, pageStatus = 500, correlationIds = new[] { apiId, pageId }, leaks = 0 }));
    }

    /// <summary>The exception handler clears the failed response: the security headers must still be on the answer.</summary>
    private static void AssertSecurityHeaders(string what, HttpResponseMessage response)
    {
        Assert.True(response.Headers.TryGetValues("Content-Security-Policy", out var csp), $"{what}: no Content-Security-Policy");
        ComposedAppSecurityTests.AssertStrictPolicy(what, Csp.Parse(csp.Single()));
        Assert.True(response.Headers.TryGetValues("X-Frame-Options", out var xfo) && xfo.Single() == "DENY", $"{what}: X-Frame-Options");
    }

    private static void AssertNothingLeaks(string what, string body, IEnumerable<string> cookieValues)
    {
        Assert.False(body.Contains(ExceptionMarker, StringComparison.Ordinal), $"{what}: the exception's text reached the response:\n{body}");
        Assert.False(body.Contains(SourcePathMarker, StringComparison.Ordinal) || body.Contains(".cs:line", StringComparison.Ordinal), $"{what}: a source path:\n{body}");
        Assert.False(body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal), $"{what}: a stack or an exception name:\n{body}");
        foreach (var cookie in cookieValues)
            Assert.False(body.Contains(cookie, StringComparison.Ordinal), $"{what}: a cookie's value reached the response");
    }

    /// <summary>Malformed JSON, a JSON value of the wrong type, a body that is not JSON, an unknown API route and a wrong
    /// method: each a 4xx with problem details that say what was wrong, and not one error-log line.</summary>
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task BadRequestsToTheApi_Answer4xxProblemDetailsWithAMessage_AndLogNoError(string environment)
    {
        await using var app = await SecurityApp.StartAsync(environment: environment);
        using var admin = await app.SignedInClientAsync();
        var mark = app.Logs.Mark();
        var requests = new List<string>();

        async Task<JsonElement> Send(HttpMethod method, string path, HttpContent? content, HttpStatusCode expected)
        {
            var response = await admin.SendAsync(new HttpRequestMessage(method, path) { Content = content });
            requests.Add($"{method} {path}");
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == expected, $"{method} {path}: {(int)response.StatusCode} {body}");
            Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
            var problem = JsonDocument.Parse(body).RootElement;
            Assert.Equal((int)expected, problem.GetProperty("status").GetInt32());
            Assert.Matches("^[0-9a-f]{32}$", problem.GetProperty("traceId").GetString());
            Assert.DoesNotContain("   at ", body);
            return problem;
        }
        static StringContent Json(string text) => new(text, Encoding.UTF8, "application/json");

        var broken = await Send(HttpMethod.Post, "/api/trading/halt", Json("{\"reason\": \"half"), HttpStatusCode.BadRequest);
        Assert.StartsWith("The request body is not valid JSON (at $.reason, line 1", broken.GetProperty("detail").GetString());
        var wrongType = await Send(HttpMethod.Post, "/api/trading/halt", Json("{\"reason\": 5}"), HttpStatusCode.BadRequest);
        Assert.StartsWith("The request body's JSON does not fit this endpoint (at $.reason", wrongType.GetProperty("detail").GetString());
        var notJson = await Send(HttpMethod.Post, "/api/trading/halt", new StringContent("reason=x", Encoding.UTF8, "text/plain"), HttpStatusCode.UnsupportedMediaType);
        Assert.Contains("JSON", notJson.GetProperty("detail").GetString());
        var empty = await Send(HttpMethod.Post, "/api/trading/halt", Json(""), HttpStatusCode.BadRequest);
        Assert.Equal("The request has no body; this endpoint needs a JSON body.", empty.GetProperty("detail").GetString());
        var unknown = await Send(HttpMethod.Get, "/api/no-such-thing", null, HttpStatusCode.NotFound);
        Assert.Equal("Not found.", unknown.GetProperty("title").GetString());
        // (A GET to a POST-only route is a 404: the static-asset fallback route {**path:file} is a GET candidate.)
        var method = await Send(HttpMethod.Delete, "/api/trading/state", null, HttpStatusCode.MethodNotAllowed);
        Assert.Equal("DELETE is not allowed here; use GET, HEAD.", method.GetProperty("detail").GetString());
        using (var anonymous = app.NewClient())
        {
            var refused = await anonymous.GetAsync("/api/trading/state");
            requests.Add("GET /api/trading/state");
            Assert.Equal(HttpStatusCode.Unauthorized, refused.StatusCode);
            Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        }

        // Nothing changed: the trading state is as it was.
        Assert.Equal("Active", JsonDocument.Parse(await admin.GetStringAsync("/api/trading/state")).RootElement.GetProperty("mode").GetString());
        requests.Add("GET /api/trading/state");
        await app.Logs.AssertNoErrorsSinceAsync(mark, requests);
        output.WriteLine(SecurityReport.Record("badRequests-" + environment, new
        {
            requests = requests.Count, errorLines = 0, fiveHundreds = 0,
            messages = new[] { broken, wrongType, notJson, empty, unknown, method }.Select(p => p.GetProperty("detail").GetString()),
        }));
    }

    /// <summary>Only the sign-in page, static files and /healthz are for anonymous users: the error page (and the sign-in
    /// page) show nothing of the app's state, neither the status strip nor the menu.</summary>
    [Fact]
    public async Task TheAnonymousErrorAndSignInPages_ShowNoStatusBar_NorAnyOfTheAppsState()
    {
        await using var app = await SecurityApp.StartAsync();
        using var anonymous = app.NewClient();
        // Unknown paths, page or file, go to the sign-in page: no 404 page is ever shown to an anonymous user.
        foreach (var (path, status) in new[] { (ErrorPolicy.ErrorPath, HttpStatusCode.OK), ("/account/login", HttpStatusCode.OK),
                     ("/no-such-page", HttpStatusCode.Redirect), ("/no-such-file.css", HttpStatusCode.Redirect) })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/html"));
            var response = await anonymous.SendAsync(request);
            var body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == status, $"{path}: {(int)response.StatusCode} {response.Headers.Location}");
            foreach (var forbidden in new[] { "status-strip", "status-environment", "status-database", "nav-drawer", "Simulator", "Halted", "Sqlite", "kt-appbar" })
                Assert.False(body.Contains(forbidden, StringComparison.OrdinalIgnoreCase), $"{path} shows '{forbidden}' to an anonymous user");
        }
        // A signed-in user's pages still have the status strip (the test above would pass on a page that shows nothing).
        using var admin = await app.SignedInClientAsync();
        Assert.Contains("data-testid=\"status-strip\"", await admin.GetStringAsync("/"));
    }

    /// <summary>A Viewer calls the market hub with bad arguments (null, a bad ticker, too many, the wrong type or number,
    /// an unknown method): each call gets an error message back, the connection keeps working, and the log has one
    /// warning per refusal without a stack and not one error line.</summary>
    [Fact]
    public async Task AViewersBadHubArguments_GetAMessageBack_AndAreLoggedAsWarningsWithoutAStack_NeverAsErrors()
    {
        await using var app = await SecurityApp.StartAsync();
        using (await app.ViewerClientAsync()) { } // creates the Viewer
        var cookies = new CookieContainer();
        using var viewer = app.NewClient(cookies);
        Assert.Equal("/", (await AppProcess.SignInAsync(viewer, SecurityApp.ViewerUser, SecurityApp.ViewerPassword)).Headers.Location?.OriginalString);
        var mark = app.Logs.Mark();

        var refusals = new List<(string What, string Error)>();
        await using (var hub = await RawHubConnection.ConnectAsync(app.App.BaseUrl, KisTrader.Web.Live.LiveServices.MarketHubPath, cookies))
        {
            async Task Refused(string what, string target, JsonArray arguments, string expected)
            {
                var completion = await hub.InvokeAsync(target, arguments);
                Assert.NotNull(completion);
                var error = completion["error"]?.GetValue<string>();
                Assert.True(error is not null && error.Contains(expected, StringComparison.Ordinal), $"{what}: {completion.ToJsonString()}");
                Assert.DoesNotContain("   at ", error);
                refusals.Add((what, error));
            }

            await Refused("null", "Watch", [null], "Give between 1 and 40 tickers.");
            await Refused("bad ticker", "Watch", [new JsonArray("<script>")], "A ticker is a 6-character KRX code.");
            await Refused("null ticker", "Watch", [new JsonArray(SecurityApp.Ticker, null)], "A ticker is a 6-character KRX code.");
            await Refused("too many", "Unwatch", [new JsonArray([.. Enumerable.Range(0, 41).Select(i => (JsonNode)$"{i:000000}")])], "Give between 1 and 40 tickers.");
            await Refused("wrong type", "Watch", [42], "Failed to invoke 'Watch'");
            await Refused("wrong number", "Watch", [new JsonArray(SecurityApp.Ticker), "extra"], "Failed to invoke 'Watch'");
            await Refused("unknown method", "PlaceOrder", [], "Method does not exist.");

            // The connection still works: a good call answers the latest tick.
            var good = await hub.InvokeAsync("Watch", [new JsonArray(SecurityApp.Ticker)]);
            Assert.True(good?["error"] is null && good?["result"] is JsonArray, good?.ToJsonString());
        }

        // The Blazor circuit's hub speaks only its own binary protocol: a client speaking JSON is refused at the handshake.
        var circuit = await Assert.ThrowsAsync<InvalidOperationException>(() => RawHubConnection.ConnectAsync(app.App.BaseUrl, "/_blazor", cookies));
        Assert.Contains("is not supported", circuit.Message);

        // A connection's request line is written when it closes: after it, every line of these calls is in.
        await app.Logs.AssertNoErrorsSinceAsync(mark, [$"GET {KisTrader.Web.Live.LiveServices.MarketHubPath}", "GET /_blazor"]);
        var warnings = app.Logs.Since(mark).Where(e => e.Level == LogEventLevel.Warning && LogCapture.Category(e) == typeof(KisTrader.Web.Live.HubRefusalFilter).FullName).ToList();
        Assert.Equal(4, warnings.Count); // the four the hub itself refused; the binder's refusals log at Debug
        Assert.All(warnings, w => Assert.Null(w.Exception));
        Assert.All(warnings, w => Assert.Contains(SecurityApp.ViewerUser, w.RenderMessage()));
        output.WriteLine(SecurityReport.Record("hubArguments", new { badCalls = refusals.Count, refusals = refusals.Select(r => $"{r.What}: {r.Error}"), warnings = warnings.Count, errorLines = 0 }));
    }

    /// <summary>The developer exception page is a Development convenience a developer asks for (Web:DetailedErrors=true);
    /// it shows the exception (which is how this test knows the leak checks above can see one). In Production the key is
    /// ignored.</summary>
    [Theory]
    [InlineData("Development", true)]
    [InlineData("Production", false)]
    public async Task DetailedErrors_AreOptIn_AndOnlyInDevelopment(string environment, bool detailsShown)
    {
        await using var app = await SecurityApp.StartAsync(new Dictionary<string, string?> { ["Web:DetailedErrors"] = "true" }, ExplodingStore, environment);
        using var admin = await app.SignedInClientAsync();
        var response = await admin.GetAsync($"/api/reflection/reports/{ExplodingReportId}");
        Assert.Equal(HttpStatusCode.InternalServerError, response.StatusCode);
        Assert.Equal(detailsShown, (await response.Content.ReadAsStringAsync()).Contains(ExceptionMarker, StringComparison.Ordinal));
        // Whoever turns it on is told so in the log.
        Assert.Contains(app.Logs.Since(0), e => e.Level == LogEventLevel.Warning && e.RenderMessage().Contains("Web:DetailedErrors", StringComparison.Ordinal));
    }

    /// <summary>The probe's hostile inputs (a null password, a NUL in a user name, a tab in the return URL): whatever
    /// status each gets (the input checks decide that), no answer carries an exception's text, a stack or a cookie, and
    /// a 5xx carries a correlation id.</summary>
    [Theory]
    [InlineData("Development")]
    [InlineData("Production")]
    public async Task TheProbesHostileInputs_NeverGetExceptionDetailsBack(string environment)
    {
        await using var app = await SecurityApp.StartAsync(environment: environment);
        var cookies = new CookieContainer();
        using var admin = app.NewClient(cookies);
        Assert.Equal("/", (await AppProcess.SignInAsync(admin, AppProcess.AdminUser, SecurityApp.AdminPassword)).Headers.Location?.OriginalString);
        var cookieValues = cookies.GetAllCookies().Select(c => c.Value).Where(v => v.Length >= 16).ToList();
        var answers = new List<(string What, HttpResponseMessage Response)>
        {
            ("null password", await admin.PostAsync("/api/admin/users", new StringContent("{\"userName\":\"probe-user\",\"password\":null,\"role\":\"Viewer\"}", Encoding.UTF8, "application/json"))),
            ("NUL in user name", await SignInAsync(app, "ad\0min", "whatever-password", "/")),
            ("tab in returnUrl", await SignInAsync(app, AppProcess.AdminUser, SecurityApp.AdminPassword, "/\t/evil.com")),
        };
        foreach (var (what, response) in answers)
        {
            var body = await response.Content.ReadAsStringAsync();
            output.WriteLine($"{what}: {(int)response.StatusCode} {response.Headers.Location} {body[..Math.Min(body.Length, 200)]}");
            Assert.False(body.Contains("   at ", StringComparison.Ordinal) || body.Contains("Exception", StringComparison.Ordinal) || body.Contains(".cs:line", StringComparison.Ordinal),
                $"{what}: {body}");
            foreach (var cookie in cookieValues) Assert.False(body.Contains(cookie, StringComparison.Ordinal), $"{what}: a cookie's value");
            if ((int)response.StatusCode >= 500)
                Assert.Matches("[0-9a-f]{32}", body);
        }
    }

    /// <summary>The sign-in form as a browser posts it (with its antiforgery token), from a fresh client.</summary>
    private static async Task<HttpResponseMessage> SignInAsync(SecurityApp app, string user, string password, string returnUrl)
    {
        using var client = app.NewClient();
        var token = AppProcess.FormToken(await client.GetStringAsync("/account/login"));
        using var request = new HttpRequestMessage(HttpMethod.Post, "/account/login")
        {
            Content = new FormUrlEncodedContent(new Dictionary<string, string>
            {
                ["__RequestVerificationToken"] = token, ["userName"] = user, ["password"] = password, ["returnUrl"] = returnUrl,
            }),
        };
        request.Headers.Accept.ParseAdd("text/html,*/*;q=0.8");
        var response = await client.SendAsync(request);
        await response.Content.LoadIntoBufferAsync();
        return response;
    }
}
