using System.Net;
using System.Net.Http.Json;
using System.Reflection;
using System.Text.Json;
using KisTrader.Core.Ports;
using KisTrader.Kis;
using KisTrader.Simulator.Auth;
using KisTrader.Testing;
using KisTrader.Tests.Llm;
using KisTrader.Tests.Trading.Support;
using Xunit.Abstractions;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// Issue 6: the app runs with known, distinctive secrets (and the tokens and approval keys the broker issues at run time),
/// is driven through trading runs, approvals, errors (an LLM 401 that echoes the key, KIS server errors, a dropped
/// WebSocket), sign-ins and every page and API; then every log file, every file under the data
/// directory, every cell of every table, every page's HTML and every API answer is searched for each secret.
/// </summary>
[Collection(ComposedAppCollection.Name)]
public sealed class SecretsScanTests(ITestOutputHelper output)
{
    [Fact]
    public async Task ARunWithKnownSecrets_LeavesNoneInLogsFilesDatabaseRowsPagesOrApiAnswers()
    {
        await using var app = await SecurityApp.StartAsync();
        var texts = new List<(string Where, string Text)>();
        var failures = new List<string>();

        using (var admin = await app.SignedInClientAsync())
        using (var viewer = await app.ViewerClientAsync())
        {
            // Sign-in errors, with secrets typed into the boxes.
            using (var anonymous = app.NewClient())
            {
                await AppProcess.SignInAsync(anonymous, SecurityApp.AppKey, SecurityApp.AppSecret);
                await AppProcess.SignInAsync(anonymous, AppProcess.AdminUser, SecurityApp.LlmApiKey);
                var refused = await AppProcess.SignInAsync(anonymous, SecurityApp.ViewerUser, SecurityApp.AdminPassword);
                texts.Add(("login page after a refusal", await anonymous.GetStringAsync(refused.Headers.Location!.OriginalString)));
            }

            // A run that parks, approved (an order reaches the broker and fills); one rejected.
            var approve = await app.PendingApprovalAsync(admin);
            texts.Add(("approve", await Answer(admin.PostAsJsonAsync($"/api/approvals/{approve}/approve", new { reason = "scan" }))));
            var reject = await app.PendingApprovalAsync(admin);
            texts.Add(("reject", await Answer(admin.PostAsJsonAsync($"/api/approvals/{reject}/reject", new { reason = "scan" }))));

            // The LLM refuses the key and, worst case, echoes it in its error.
            app.Llm.Enqueue(new ChatReply("", Status: 401, RawBody:
                $$$"""{"error":{"message":"Incorrect API key provided: {{{SecurityApp.LlmApiKey}}}. You can find your API key at the dashboard.","type":"invalid_request_error","code":"invalid_api_key"}}"""));
            texts.Add(("run with an LLM 401", await Answer(admin.PostAsync("/api/runs", null))));

            // KIS fails every REST call for a run.
            app.Simulator.Faults.Update(f => f.ServerErrorRate = 1);
            app.Llm.Enqueue(new ChatReply(LlmPlans.Plan("scan", LlmPlans.Order(SecurityApp.Ticker, "BUY", 1, "MARKET", null, "scan"))));
            texts.Add(("run with KIS errors", await Answer(admin.PostAsync("/api/runs", null))));
            texts.Add(("state during KIS errors", await admin.GetStringAsync("/api/trading/state")));
            app.Simulator.Faults.Reset();

            // The broker drops the realtime session: the app reconnects with a new approval key. (An expired token is not
            // part of the drive: the app issues at most one token a minute, and this test has no minute to wait.)
            app.Simulator.Faults.DisconnectWebSockets();
            app.Llm.Enqueue(new ChatReply(LlmPlans.Plan("scan", [])));
            texts.Add(("run after the WebSocket drop", await Answer(admin.PostAsync("/api/runs", null))));
            await Poll.UntilAsync(() => Task.FromResult(app.App.Get<IRealtimeFeed>().State == KisTrader.Core.Events.FeedState.Connected),
                TimeSpan.FromSeconds(20), "the realtime session to reconnect");
            texts.Add(("reflection run", await Answer(admin.PostAsync("/api/reflection/run", null))));

            // Every page the admin (and the viewer) can open, and every API answer, with real ids where a route takes one.
            var runId = (await app.App.Get<KisTrader.Core.Ports.IGraphStore>().ListRunsAsync(null, 1)).First().RunId;
            var reportId = (await app.App.Get<IReflectionReportStore>().ListAsync(1)).FirstOrDefault()?.ReportId ?? "none";
            string? Sample(string p) => p switch
            {
                "RunId" => runId, "ReportId" or "id" => reportId, "n" => "1", _ => null,
            };
            var gets = EndpointCatalog.Routes(app.App.App)
                .Where(r => r.Method == "GET" && !r.IsStaticAsset && (r.IsRazorPage || r.Pattern.StartsWith("/api/", StringComparison.Ordinal) || r.Pattern == "/healthz"))
                .ToList();
            foreach (var route in gets)
            {
                var path = route.SamplePath(Sample);
                foreach (var (who, client) in new[] { ("admin", admin), ("viewer", viewer) })
                {
                    var r = await client.GetAsync(path);
                    if (who == "admin" && r.StatusCode != HttpStatusCode.OK && !(route.Pattern.Contains('{') && r.StatusCode == HttpStatusCode.NotFound))
                        failures.Add($"{who} GET {path}: {(int)r.StatusCode}");
                    texts.Add(($"{who} GET {path}", await r.Content.ReadAsStringAsync()));
                }
            }
            Assert.True(gets.Count(r => r.IsRazorPage) >= 10, string.Join("\n", gets));
        }

        var secrets = app.AllSecrets();
        Assert.Contains(secrets.Keys, k => k.StartsWith("KIS access token", StringComparison.Ordinal));
        Assert.Contains(secrets.Keys, k => k.StartsWith("KIS approval key", StringComparison.Ordinal));
        // The keys were really used: the broker knows our app key (the simulator keys its tokens by it).
        var model = new KisTrader.Simulator.StateModel();
        app.Simulator.Auth.Export(model);
        Assert.All(model.Tokens, t => Assert.Equal(SecurityApp.AppKey, t.AppKey));

        await Task.Delay(1_500); // the file sinks flush every second
        await app.StopAppAsync();

        var scanner = new SecretScanner(secrets);
        scanner.ScanDirectory(app.Dir.LogDir);
        var logFiles = scanner.Files;
        scanner.ScanDirectory(app.Dir.DataDir);
        var dataFiles = scanner.Files - logFiles;
        scanner.ScanSqlite(app.Dir.DatabaseFile);
        foreach (var (where, text) in texts) scanner.ScanText(where, text);

        // The scan saw what it should: the refusals, the failures and the runs were logged and stored.
        var logs = string.Join("\n", Directory.GetFiles(app.Dir.LogDir).Select(f => File.ReadAllText(f)));
        Assert.Contains("Sign-in refused", logs);
        Assert.True(scanner.Rows > 20 && scanner.Tables > 5 && logFiles >= 1 && dataFiles >= 3, $"{scanner.Tables} tables, {scanner.Rows} rows, {logFiles} log files, {dataFiles} data files");

        output.WriteLine(SecurityReport.Record("secrets", new
        {
            secretsLookedFor = secrets.Count,
            secretKinds = secrets.Keys,
            logFiles,
            dataFiles,
            tables = scanner.Tables,
            rows = scanner.Rows,
            cells = scanner.Cells,
            pagesAndApiAnswers = texts.Count,
            bytesScanned = scanner.Bytes,
            secretsFound = scanner.Findings.Count,
        }));
        Assert.True(scanner.Findings.Count == 0, "Secrets found:\n" + string.Join("\n", scanner.Findings.Select(f => $"{f.SecretName} in {f.Where}")));
        Assert.True(failures.Count == 0, string.Join("\n", failures));
        // Clean, so safe to show: what the error runs answered.
        foreach (var (where, text) in texts.Where(t => t.Where.StartsWith("run ", StringComparison.Ordinal)))
            output.WriteLine($"  {where}: {text}");
    }

    private static async Task<string> Answer(Task<HttpResponseMessage> request)
    {
        var r = await request;
        var body = await r.Content.ReadAsStringAsync();
        Assert.True(r.IsSuccessStatusCode, $"{(int)r.StatusCode}: {body}");
        return body;
    }

    [Fact]
    public async Task ATamperedTokenCache_IsRejected_AndAFreshTokenIssued_WithoutACrash()
    {
        await using var app = await SecurityApp.StartAsync();
        Assert.True((await app.App.Get<IMarketData>().GetQuoteAsync(SecurityApp.Ticker)).Price > 0);
        Assert.Equal(1, app.App.Get<KisStatus>().TokenIssues);
        var cache = Assert.Single(Directory.GetFiles(Path.Combine(app.Dir.DataDir, "kis"), "kis-token-*.bin"));

        // An untouched cache is decrypted and reused after a restart: no new issue.
        await app.RestartAsync();
        Assert.True((await app.App.Get<IMarketData>().GetQuoteAsync(SecurityApp.Ticker)).Price > 0);
        Assert.Equal(0, app.App.Get<KisStatus>().TokenIssues);

        // One byte flipped in the ciphertext: the cache is refused (authenticated encryption) and a token issued at once.
        await app.RestartAsync(whileStopped: () =>
        {
            var bytes = File.ReadAllBytes(cache);
            bytes[bytes.Length / 2] ^= 0x5A;
            File.WriteAllBytes(cache, bytes);
            LiftTheOneIssuePerMinuteLimit(app);
        });
        Assert.True((await app.App.Get<IMarketData>().GetQuoteAsync(SecurityApp.Ticker)).Price > 0);
        Assert.Equal(1, app.App.Get<KisStatus>().TokenIssues);
        await Poll.UntilAsync(() => Task.FromResult(Directory.GetFiles(app.Dir.LogDir).Any(f =>
                ReadShared(f).Contains("The KIS token cache could not be read (CryptographicException)", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(5), "the refused cache to be logged");

        // The rewritten cache is valid again.
        await app.RestartAsync();
        Assert.True((await app.App.Get<IMarketData>().GetQuoteAsync(SecurityApp.Ticker)).Price > 0);
        Assert.Equal(0, app.App.Get<KisStatus>().TokenIssues);
        output.WriteLine(SecurityReport.Record("tokenCacheTamper", new { restarts = 3, tamperedCacheRejected = true, freshTokenIssued = true }));
    }

    /// <summary>The simulator, like KIS, refuses a second token within a minute of the first; the test has no minute to wait.
    /// The issued token stays valid (a KIS token does too).</summary>
    private static void LiftTheOneIssuePerMinuteLimit(SecurityApp app)
    {
        var field = typeof(AuthRegistry).GetField("_lastIssue", BindingFlags.NonPublic | BindingFlags.Instance)
            ?? throw new InvalidOperationException("AuthRegistry._lastIssue is gone: lift the simulator's one-token-a-minute limit another way");
        var lastIssue = (System.Collections.IDictionary)field.GetValue(app.Simulator.Auth)!;
        lastIssue.Clear(); // the app is stopped: nobody else talks to the simulator now
    }

    private static string ReadShared(string file)
    {
        using var s = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        return new StreamReader(s).ReadToEnd();
    }
}
