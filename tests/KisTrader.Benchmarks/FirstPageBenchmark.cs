using System.Diagnostics;
using KisTrader.Testing;
using Microsoft.Playwright;

namespace KisTrader.Benchmarks;

/// <summary>The first page after sign-in: from the click on "Sign in" to the Overview drawn with its content (the trades
/// grid and the portfolio's value). Beside it, in the same run and browser,
/// the baseline: the static login page from navigation to its form, the cheapest page the app serves. Each run uses a
/// new browser context (no cookies, a cold page); the app is started once and warmed by one sign-in that is not counted.</summary>
public static class FirstPageBenchmark
{
    private const string Chromium = "/usr/bin/chromium";

    public static async Task<string> RunAsync(int runs)
    {
        if (!File.Exists(Chromium)) throw new InvalidOperationException("Chromium is missing: apt-get install chromium");
        var machine = BenchmarkReport.Machine();
        await using var app = await AppProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
        });

        var login = new List<double>();
        var overview = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            await using var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString(), ViewportSize = new() { Width = 1440, Height = 900 } });
            context.SetDefaultTimeout(30_000);
            var page = await context.NewPageAsync();

            var sw = Stopwatch.StartNew();
            await page.GotoAsync("/account/login");
            await Assertions.Expect(page.GetByTestId("login-submit")).ToBeVisibleAsync();
            var loginMs = sw.Elapsed.TotalMilliseconds;

            await page.GetByTestId("login-user").FillAsync(AppProcess.AdminUser);
            await page.GetByTestId("login-password").FillAsync(AppProcess.AdminPassword);
            sw.Restart();
            await page.GetByTestId("login-submit").ClickAsync();
            await Assertions.Expect(page.GetByTestId("trades-grid")).ToBeVisibleAsync();
            await Assertions.Expect(page.GetByTestId("portfolio-value")).Not.ToHaveTextAsync("…"); // the balance has arrived
            var overviewMs = sw.Elapsed.TotalMilliseconds;
            if (i == 0) continue; // the warm-up: JIT and the first circuit
            login.Add(loginMs);
            overview.Add(overviewMs);
            Console.WriteLine($"run {i}: login page {loginMs:0} ms, overview after sign-in {overviewMs:0} ms");
        }

        var l = login.Order().ToList();
        var o = overview.Order().ToList();
        var ratio = BenchmarkReport.Quantile(o, 0.5) / BenchmarkReport.Quantile(l, 0.5);
        return $"""
            ## First page after sign-in

            {runs} sign-ins (after one warm-up) of `KisTrader.Web` ({ColdStartBenchmark.Configuration()}) in fresh browser
            contexts: the click on "Sign in" to the Overview with its trades grid and portfolio value drawn. Baseline in the same run: the static login
            page, navigation to its form. Machine: {machine}.

            | page | median | min | max |
            |---|---:|---:|---:|
            | Overview after sign-in | {BenchmarkReport.Quantile(o, 0.5):0} ms | {o[0]:0} ms | {o[^1]:0} ms |
            | login page (baseline) | {BenchmarkReport.Quantile(l, 0.5):0} ms | {l[0]:0} ms | {l[^1]:0} ms |
            | ratio of medians | {ratio:0.0}× | | |
            """;
    }
}
