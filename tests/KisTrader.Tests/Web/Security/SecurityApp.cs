using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using KisTrader.Simulator;
using KisTrader.Testing;
using KisTrader.Tests.Llm;
using KisTrader.Tests.Trading.Support;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Web.Security;

/// <summary>
/// The composed app (<see cref="TradingApp"/>) with known, distinctive secrets, talking to a simulator of its own (a
/// <see cref="SimulatorHost"/> the test starts, reached through Kis:RestBaseUrl/WebSocketUrl, so the configured app key,
/// app secret and account number are really sent and the simulator's own state stays outside the app's data directory)
/// and to a loopback OpenAI-compatible chat server with the configured LLM key. The LLM engine decides, so a run with an
/// order parks in an approval (Trading:ApprovalMode Required).
/// </summary>
internal sealed class SecurityApp : IAsyncDisposable
{
    public const string AppKey = "PSsecAppKeyQz7Xk2Vw9Lm4Rt8Hy3Nb6Jd1Fg5";
    public const string AppSecret = "secAppSecretQz7Xk2/Vw9Lm4Rt8Hy3Nb6Jd1Fg5+Pq0Cs8Ue2Wi4Oa6Ky";
    public const string AccountNumber = "73914682";
    public const string LlmApiKey = "sk-secLlmKeyQz7Xk2Vw9Lm4Rt8Hy3Nb6";
    public const string AdminPassword = "Sec-Admin-Pass-Qz7Xk2Vw9";
    public const string SmtpPassword = "secSmtpPassQz7Xk2Vw9";
    public const string ViewerUser = "viewer-sec";
    public const string ViewerPassword = "Viewer-Sec-Pass-1";
    public const string Ticker = "005930";

    private SecurityApp(TempDataDir dir, SimulatorHost simulator, LoopbackChatServer llm, TradingApp app, LogCapture logs)
    {
        Logs = logs;
        Dir = dir;
        Simulator = simulator;
        Llm = llm;
        App = app;
    }

    public TempDataDir Dir { get; }
    public SimulatorHost Simulator { get; }
    public LoopbackChatServer Llm { get; }
    public TradingApp App { get; private set; }
    /// <summary>Everything the app logged since it started (across restarts).</summary>
    public LogCapture Logs { get; }

    /// <summary>The configured secrets by name.</summary>
    public static IReadOnlyDictionary<string, string> ConfiguredSecrets { get; } = new Dictionary<string, string>
    {
        ["Kis:AppKey"] = AppKey,
        ["Kis:AppSecret"] = AppSecret,
        ["Kis:AccountNumber"] = AccountNumber,
        ["Llm:ApiKey"] = LlmApiKey,
        ["Admin:Password"] = AdminPassword,
        ["Notifications:SmtpPassword"] = SmtpPassword,
        ["viewer password"] = ViewerPassword,
    };

    /// <summary>The configured secrets and every access token and approval key the simulator issued so far.</summary>
    public IReadOnlyDictionary<string, string> AllSecrets()
    {
        var model = new StateModel();
        Simulator.Auth.Export(model);
        var all = new Dictionary<string, string>(ConfiguredSecrets);
        foreach (var (t, i) in model.Tokens.Select((t, i) => (t, i))) all[$"KIS access token #{i + 1}"] = t.Token;
        foreach (var (k, i) in model.ApprovalKeys.Select((k, i) => (k, i))) all[$"KIS approval key #{i + 1}"] = k.Key;
        return all;
    }

    public IReadOnlyList<string> IssuedTokens()
    {
        var model = new StateModel();
        Simulator.Auth.Export(model);
        return [.. model.Tokens.Select(t => t.Token)];
    }

    /// <param name="services">More services for the app (after its own).</param>
    /// <param name="environment">The hosting environment; Production (the test process's) when null.</param>
    public static async Task<SecurityApp> StartAsync(IReadOnlyDictionary<string, string?>? more = null, Action<IServiceCollection>? services = null,
        string? environment = null)
    {
        var dir = new TempDataDir();
        SimulatorHost? simulator = null;
        LoopbackChatServer? llm = null;
        try
        {
            // In memory only: the broker's state is not ours to scan.
            simulator = await SimulatorHost.StartAsync(new SimulatorSettings { AlwaysOpen = true });
            llm = await LoopbackChatServer.StartAsync();
            var logs = new LogCapture();
            var app = await TradingApp.StartAsync(dir, Settings(simulator, llm, more), s =>
            {
                logs.Register(s);
                services?.Invoke(s);
            }, environment);
            return new SecurityApp(dir, simulator, llm, app, logs);
        }
        catch
        {
            if (llm is not null) await llm.DisposeAsync();
            if (simulator is not null) await simulator.DisposeAsync();
            dir.Dispose();
            throw;
        }
    }

    private static Dictionary<string, string?> Settings(SimulatorHost simulator, LoopbackChatServer llm, IReadOnlyDictionary<string, string?>? more)
    {
        var s = LlmPlans.Settings(llm);
        s["Llm:ApiKey"] = LlmApiKey;
        s["Kis:Environment"] = "Simulator";
        s["Kis:RestBaseUrl"] = simulator.BaseUrl.ToString();
        s["Kis:WebSocketUrl"] = simulator.WebSocketUrl.ToString();
        s["Kis:AppKey"] = AppKey;
        s["Kis:AppSecret"] = AppSecret;
        s["Kis:AccountNumber"] = AccountNumber;
        s["Admin:Password"] = AdminPassword;
        s["Notifications:SmtpPassword"] = SmtpPassword;
        s["Trading:ApprovalMode"] = "Required";
        s["Trading:Watchlist:0"] = Ticker;
        // Everything the app logs, so the scan sees as much as possible.
        s["Logs:MinimumLevel"] = "Debug";
        // ...into the files it scans; the test console would only drown a failure in debug lines.
        s["Logs:ConsoleLevel"] = "Warning";
        foreach (var (k, v) in more ?? new Dictionary<string, string?>()) s[k] = v;
        return s;
    }

    private bool _appStopped;

    /// <summary>Stops the app (its logs flushed, its files closed) and leaves the rest for <see cref="DisposeAsync"/>.</summary>
    public async Task StopAppAsync()
    {
        if (_appStopped) return;
        _appStopped = true;
        await App.DisposeAsync();
    }

    /// <summary>Stops the app and starts it again over the same data directory, simulator and chat server.</summary>
    public async Task RestartAsync(Action? whileStopped = null, IReadOnlyDictionary<string, string?>? more = null)
    {
        await StopAppAsync();
        whileStopped?.Invoke();
        App = await TradingApp.StartAsync(Dir, Settings(Simulator, Llm, more), Logs.Register);
        _appStopped = false;
    }

    public HttpClient NewClient(CookieContainer? cookies = null) => new(new HttpClientHandler { CookieContainer = cookies ?? new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
    {
        BaseAddress = App.BaseUrl,
        Timeout = TimeSpan.FromSeconds(60),
    };

    public async Task<HttpClient> SignedInClientAsync(string user = AppProcess.AdminUser, string password = AdminPassword)
    {
        var client = NewClient();
        var response = await AppProcess.SignInAsync(client, user, password);
        if (response.Headers.Location?.OriginalString != "/")
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in as {user} failed: {response.StatusCode} {response.Headers.Location}");
        }
        return client;
    }

    private bool _viewerCreated;

    public async Task<HttpClient> ViewerClientAsync()
    {
        if (!_viewerCreated)
        {
            using var admin = await SignedInClientAsync();
            var r = await admin.PostAsJsonAsync("/api/admin/users", new { userName = ViewerUser, password = ViewerPassword, role = "Viewer" });
            Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            _viewerCreated = true;
        }
        return await SignedInClientAsync(ViewerUser, ViewerPassword);
    }

    /// <summary>A run whose LLM plan buys <paramref name="quantity"/> shares: it parks in a pending approval.</summary>
    public async Task<string> PendingApprovalAsync(HttpClient admin, int quantity = 2)
    {
        Llm.Enqueue(new ChatReply(LlmPlans.Plan("Security test.", LlmPlans.Order(Ticker, "BUY", quantity, "MARKET", null, "security test order"))));
        var run = await App.RunAsync("security-test");
        // The proposal supersedes an earlier test's pending one, and the maintenance loop then ends that run: while it
        // does, a new run is skipped (runs are never queued). Ask again until the graph is free; the plan waits unused.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (run.Status == "Skipped" && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            run = await App.RunAsync("security-test");
        }
        Assert.True(run.Status == "AwaitingApproval", $"run {run.Status}: {run.Summary}");
        var pending = await admin.GetFromJsonAsync<JsonElement>("/api/approvals");
        return pending.EnumerateArray().Where(a => a.GetProperty("runId").GetString() == run.RunId).Select(a => a.GetProperty("approvalId").GetString()!).Single();
    }

    /// <summary>What an admin can see changed: trading mode (who, what, why), pending approvals, prompt versions, reports,
    /// users with their lock state, rules and the whole audit log.</summary>
    public async Task<string> StateSnapshotAsync(HttpClient admin)
    {
        var sb = new System.Text.StringBuilder();
        var state = await admin.GetFromJsonAsync<JsonElement>("/api/trading/state");
        sb.AppendLine(string.Join(" | ", new[] { "mode", "changedBy", "reason" }.Select(p => state.GetProperty(p).ToString())));
        foreach (var path in new[] { "/api/approvals", "/api/prompts/versions", "/api/reflection/reports", "/api/admin/users" })
            sb.AppendLine(path).AppendLine(await admin.GetStringAsync(path));
        var rules = await App.Get<KisTrader.Core.Ports.IStrategyRuleStore>().ListAsync();
        sb.AppendLine(JsonSerializer.Serialize(rules.Select(r => (r.RuleId, r.Status.ToString()))));
        sb.AppendLine(JsonSerializer.Serialize(await App.Get<KisTrader.Core.Ports.IAuditLog>().RecentAsync(10_000)));
        return sb.ToString();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAppAsync();
        }
        finally
        {
            await Llm.DisposeAsync();
            await Simulator.DisposeAsync();
            Dir.Dispose();
        }
    }
}

/// <summary>One <see cref="SecurityApp"/> shared by the tests of a class.</summary>
public sealed class SecurityAppFixture : IAsyncLifetime
{
    internal SecurityApp App { get; private set; } = default!;

    public async Task InitializeAsync() => App = await SecurityApp.StartAsync();

    public async Task DisposeAsync()
    {
        if (App is not null) await App.DisposeAsync();
    }
}
