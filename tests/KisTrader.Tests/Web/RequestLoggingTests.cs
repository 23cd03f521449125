using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Hosting.Logging;
using Serilog.Events;

namespace KisTrader.Tests.Web;

/// <summary>Serilog's request logging in the composed app: one line per request, and never a secret (query values that
/// are credentials, configured secrets anywhere in the URL, headers, cookies).</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class RequestLoggingTests
{
    private const string AppKey = "PSreqLogAppKey0Qz7Xk2Vw9Lm4Rt8Hy3Nb6";
    private const string QueryToken = "eyJreqLogQueryToken.body0Qz7Xk2Vw9.sig";
    private const string BearerToken = "reqLogBearerQz7Xk2Vw9Lm4Rt8Hy3";
    private const string CookieValue = "reqLogCookieQz7Xk2Vw9Lm4Rt8Hy3";

    [Fact]
    public async Task A_request_is_logged_once_with_its_status_and_its_query_but_no_secret_and_static_files_stay_out()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            ["Logs:MinimumLevel"] = "Information",
            ["Kis:AppKey"] = AppKey,
        });
        using var client = new HttpClient { BaseAddress = app.BaseUrl };
        using var request = new HttpRequestMessage(HttpMethod.Get, $"/account/login?access_token={QueryToken}&page=2&q={AppKey}");
        request.Headers.Add("Authorization", "Bearer " + BearerToken);
        request.Headers.Add("Cookie", "kistrader.session=" + CookieValue);
        Assert.True((await client.SendAsync(request)).IsSuccessStatusCode);
        Assert.True((await client.GetAsync("/favicon.svg")).IsSuccessStatusCode);

        string text = "";
        await Poll.UntilAsync(() =>
        {
            text = ReadLogs(dir.LogDir);
            return Task.FromResult(text.Contains("HTTP GET /account/login", StringComparison.Ordinal));
        }, TimeSpan.FromSeconds(10), "the request's line in the log");

        var line = text.Split('\n').Single(l => l.Contains("HTTP GET /account/login", StringComparison.Ordinal));
        Assert.Contains("[INF] Serilog.AspNetCore.RequestLoggingMiddleware", line);
        Assert.Contains("?access_token=***&page=2&q=***", line);
        Assert.Contains("responded 200", line);
        foreach (var secret in new[] { AppKey, QueryToken, BearerToken, CookieValue })
            Assert.DoesNotContain(secret, text);
        // Static files log at Debug: below this app's level, so not a line per asset.
        Assert.DoesNotContain("/favicon.svg", text);
    }

    [Theory]
    [InlineData("?access_token=abc&page=2", "?access_token=***&page=2")]
    [InlineData("?Token=abc&TOKEN=def", "?Token=***&TOKEN=***")]
    [InlineData("?api%5Fkey=abc&x", "?api%5Fkey=***&x")]
    [InlineData("?code=abc&state=s1&returnUrl=%2Fruns", "?code=***&state=s1&returnUrl=%2Fruns")]
    [InlineData("", "")]
    [InlineData("?", "")]
    public void MaskQuery_HidesTheValuesOfCredentialParameters_AndKeepsTheRest(string query, string expected) =>
        Assert.Equal(expected, RequestLogging.MaskQuery(query));

    [Theory]
    [InlineData("/_blazor", 101, LogEventLevel.Debug)]
    [InlineData("/hubs/market/negotiate", 200, LogEventLevel.Debug)]
    [InlineData("/healthz", 200, LogEventLevel.Debug)]
    [InlineData("/runs", 200, LogEventLevel.Information)]
    [InlineData("/api/trading/halt", 403, LogEventLevel.Information)]
    [InlineData("/runs", 500, LogEventLevel.Error)]
    public void LevelOf_QuietsPolledPaths_AndRaisesServerErrors(string path, int status, LogEventLevel expected)
    {
        var http = new Microsoft.AspNetCore.Http.DefaultHttpContext();
        http.Request.Path = path;
        http.Response.StatusCode = status;
        Assert.Equal(expected, RequestLogging.LevelOf(http, 1.0, null));
    }

    private static string ReadLogs(string logDir)
    {
        if (!Directory.Exists(logDir)) return "";
        return string.Join("\n", Directory.GetFiles(logDir).Select(f =>
        {
            using var stream = new FileStream(f, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            return new StreamReader(stream).ReadToEnd();
        }));
    }
}
