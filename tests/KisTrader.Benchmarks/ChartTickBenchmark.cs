using System.Text.Json;
using KisTrader.Testing;
using Microsoft.Playwright;

namespace KisTrader.Benchmarks;

/// <summary>Can Plotly keep up with the Market page's live candles? Each method gets the same 250 daily candles and the
/// same ticks at 10 per second on the real Market page (its own live chart and the circuit keep running meanwhile), one
/// after the other in one browser run; chart-ticks.js says what is timed.</summary>
public static class ChartTickBenchmark
{
    private const string Chromium = "/usr/bin/chromium";
    private static readonly string[] Methods = ["lightweight-charts", "plotly-react", "plotly-restyle", "plotly-extendTraces"];

    public static async Task<string> RunAsync(int ticksPerMethod)
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException("Chromium is missing: apt-get install chromium");
        var machine = BenchmarkReport.Machine();
        var script = await File.ReadAllTextAsync(Path.Combine(AppContext.BaseDirectory, "chart-ticks.js"));
        await using var app = await AppProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
        context.SetDefaultTimeout(30_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };
        page.PageError += (_, e) => { lock (errors) errors.Add(e); };

        await page.GotoAsync("/account/login");
        await page.GetByTestId("login-user").FillAsync(AppProcess.AdminUser);
        await page.GetByTestId("login-password").FillAsync(AppProcess.AdminPassword);
        await page.GetByTestId("login-submit").ClickAsync();
        await page.WaitForURLAsync(new Uri(app.BaseUrl, "/").ToString());
        await page.GotoAsync("/market");
        await Assertions.Expect(page.GetByTestId("price-chart")).ToHaveAttributeAsync("data-ticks", new System.Text.RegularExpressions.Regex("^[1-9]"));

        var rows = new List<string>();
        var browserVersion = browser.Version;
        foreach (var method in Methods)
        {
            Console.WriteLine($"chart ticks: {method}, {ticksPerMethod} ticks at 10/s");
            var r = await page.EvaluateAsync<JsonElement>(script, new { method, ticks = ticksPerMethod, intervalMs = 100, warmup = 10 });
            var call = r.GetProperty("call").EnumerateArray().Select(e => e.GetDouble()).Order().ToList();
            var frame = r.GetProperty("frame").EnumerateArray().Select(e => e.GetDouble()).Order().ToList();
            var late = r.GetProperty("late").GetInt32();
            rows.Add($"| {method} | {call.Count} | {Ms(call, 0.5)} | {Ms(call, 0.95)} | {call[^1]:0.0} | {Ms(frame, 0.5)} | {Ms(frame, 0.95)} | {frame[^1]:0.0} | {late} |");
            Console.WriteLine(rows[^1]);
        }
        string errorText;
        lock (errors) errorText = errors.Count == 0 ? "none" : string.Join("; ", errors.Distinct());
        return $"""
            ## Live candle updates: Plotly against lightweight-charts (Market page)

            On the Market page of the running app (Debian's Chromium {browserVersion}, headless, `--disable-gpu`, viewport
            1440×900), each method draws the same 800×360 chart of 250 daily candles, then gets {ticksPerMethod} price ticks at
            10 per second (after 10 warm-up ticks), each moving the last candle. `call`: the update call (awaited when it
            returns a promise). `frame`: from the tick until just after the next animation frame, i.e. until the change is
            on screen. `late`: ticks that could not start on schedule. Milliseconds. Machine: {machine}. App: {ColdStartBenchmark.Configuration()}.
            Console errors during the run (CSP violations would show here): {errorText}.

            | method | ticks | call median | call p95 | call max | frame median | frame p95 | frame max | late |
            |---|---:|---:|---:|---:|---:|---:|---:|---:|
            {string.Join("\n", rows)}
            """;
    }

    private static string Ms(IReadOnlyList<double> sorted, double q) => BenchmarkReport.Quantile(sorted, q).ToString("0.0");
}
