using System.Net;
using KisTrader.Testing;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>
/// Asks the dashboard over real HTTP while a fault is active: the anonymous /healthz and, signed in as the admin
/// (cookie + antiforgery, as a browser does), the overview "/" (portfolio from the broker) and "/system" (broker
/// account, realtime feed state). Pages are prerendered on the server, so a 200 means the page's own data loading
/// survived the fault. Every answer is kept; a non-200 or a transport error is a failure.
/// </summary>
internal sealed class DashboardProbe : IAsyncDisposable
{
    private static readonly string[] Pages = ["/", "/system"];
    private readonly HttpClient _client;
    private readonly CancellationTokenSource _stop = new();
    private readonly List<string> _failures = [];
    private Task? _loop;
    private int _answered;

    private DashboardProbe(HttpClient client) => _client = client;

    public int Answered => Volatile.Read(ref _answered);
    public IReadOnlyList<string> Failures { get { lock (_failures) return [.. _failures]; } }

    public static async Task<DashboardProbe> SignInAsync(TradingApp app)
    {
        var client = new HttpClient(new HttpClientHandler { CookieContainer = new CookieContainer(), AllowAutoRedirect = false, UseCookies = true })
        {
            BaseAddress = app.BaseUrl,
            Timeout = TimeSpan.FromSeconds(60),
        };
        var response = await AppProcess.SignInAsync(client, "admin", TradingApp.AdminPassword);
        if (response.Headers.Location?.OriginalString != "/")
        {
            client.Dispose();
            throw new InvalidOperationException($"Sign-in failed: {response.StatusCode} {response.Headers.Location}");
        }
        return new DashboardProbe(client);
    }

    /// <summary>One GET; returns the body of a 200, null (and a failure recorded) otherwise.</summary>
    public async Task<string?> GetAsync(string path)
    {
        try
        {
            using var response = await _client.GetAsync(path);
            var body = await response.Content.ReadAsStringAsync();
            Interlocked.Increment(ref _answered);
            if (response.StatusCode == HttpStatusCode.OK) return body;
            Fail($"GET {path}: {(int)response.StatusCode} {response.Headers.Location}");
        }
        catch (Exception ex) when (ex is HttpRequestException or TaskCanceledException)
        {
            Fail($"GET {path}: {ex.GetType().Name} {ex.Message}");
        }
        return null;
    }

    /// <summary>Asks /healthz and one page after the other until <see cref="StopAsync"/>.</summary>
    public void Start()
    {
        _loop = Task.Run(async () =>
        {
            for (var i = 0; !_stop.IsCancellationRequested; i++)
            {
                var health = await GetAsync("/healthz");
                if (health is not null && !health.Contains("\"status\":\"Healthy\"", StringComparison.Ordinal)) Fail($"/healthz: {health}");
                await GetAsync(Pages[i % Pages.Length]);
                try { await Task.Delay(250, _stop.Token); } catch (OperationCanceledException) { }
            }
        });
    }

    /// <summary>Stops the loop and asserts it got answers, all 200.</summary>
    public async Task StopAndAssertAsync(int minimumAnswers = 4)
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        Assert.True(Failures.Count == 0, "The dashboard failed during the fault:\n" + string.Join("\n", Failures));
        Assert.True(Answered >= minimumAnswers, $"the dashboard answered only {Answered} requests during the fault");
    }

    private void Fail(string what)
    {
        lock (_failures) _failures.Add(what);
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        if (_loop is not null) await _loop;
        _client.Dispose();
        _stop.Dispose();
    }
}
