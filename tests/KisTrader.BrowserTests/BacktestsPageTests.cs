using System.Globalization;
using System.Text.RegularExpressions;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>Issue 16's Backtests page end to end on the built-in simulator (its own app): history is collected through the Data page,
/// the admin starts a rules backtest over two years of the watchlist, the page sees the progress pushed live, and the
/// stored result opens with its metrics beside the benchmarks and its Plotly charts drawn; a second run compares with it.</summary>
public sealed class BacktestsPageTests(BacktestsFixture fx) : IClassFixture<BacktestsFixture>
{
    [Fact]
    public async Task A_rules_backtest_started_on_the_page_pushes_progress_then_opens_with_its_charts()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);

        // History first: Collect now on the Data page (incremental when another test already collected).
        await page.GetByTestId("nav-data").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Data", Exact = true })).ToBeVisibleAsync();
        await page.GetByTestId("collect-now").ClickAsync();
        await Expect(page.GetByTestId("last-collection-summary")).ToContainTextAsync("from simulator", new() { Timeout = 180_000 });
        await Expect(page.GetByTestId("collect-progress")).ToHaveCountAsync(0, new() { Timeout = 180_000 });

        await page.GetByTestId("nav-backtests").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backtests", Exact = true })).ToBeVisibleAsync();
        await BrowserFixture.WaitForCircuitAsync(page);

        // A bad period is refused on the page, naming the field; nothing starts.
        var from = page.GetByTestId("bt-from");
        var to = page.GetByTestId("bt-to");
        var today = DateOnly.FromDateTime(DateTime.UtcNow.AddHours(9));
        await from.FillAsync("2024-13-01");
        await from.BlurAsync();
        await page.GetByTestId("bt-start").ClickAsync();
        await Expect(page.GetByTestId("bt-problem")).ToContainTextAsync("From: a date");
        await Expect(page.GetByTestId("bt-progress")).ToHaveCountAsync(0);

        await from.FillAsync(today.AddYears(-2).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await from.BlurAsync();
        await to.FillAsync(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await to.BlurAsync();
        await page.GetByTestId("bt-start").ClickAsync();
        await Expect(page.GetByTestId("bt-problems")).ToHaveCountAsync(0);

        // The run ends on the page with how often it saw the sessions done move (pushed, never polled).
        var last = page.GetByTestId("bt-last");
        await Expect(last).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 300_000 });
        var moves = int.Parse(await last.GetAttributeAsync("data-moves") ?? "0", CultureInfo.InvariantCulture);
        Assert.True(moves >= 2, $"the page saw the progress move {moves} time(s)");
        await Expect(page.GetByTestId("bt-row")).Not.ToHaveCountAsync(0);
        await BrowserFixture.ScreenshotAsync(page, "backtests");

        await page.GetByTestId("bt-last-open").ClickAsync();
        await Expect(page.GetByTestId("bt-result")).ToBeVisibleAsync();
        var metrics = page.GetByTestId("metrics-table");
        await Expect(metrics.GetByTestId("metrics-column")).ToHaveTextAsync(["Strategy", "Buy and hold", "Index"]);
        await Expect(metrics.Locator("[data-metric='Total return'] td").Nth(1)).ToHaveTextAsync(new Regex("^-?[0-9.,]+%$"));
        foreach (var chart in new[] { "bt-equity-chart", "bt-drawdown-chart", "bt-contribution-chart" })
        {
            var box = page.GetByTestId(chart);
            await Expect(box).ToHaveAttributeAsync("data-drawn", "true", new() { Timeout = 30_000 });
            await Expect(box.Locator("svg.main-svg").First).ToBeVisibleAsync();
        }
        // Three series on the equity chart: the strategy, buy-and-hold and the index (collected with the history).
        await Expect(page.GetByTestId("bt-equity-chart").Locator("g.trace.scatter")).ToHaveCountAsync(3);
        await Expect(page.GetByTestId("month-cell")).Not.ToHaveCountAsync(0);
        await Expect(page.GetByTestId("orders-table")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "backtest-result");

        // A second backtest over the last year, then the two side by side.
        await page.GetByTestId("nav-backtests").ClickAsync();
        await Expect(page.GetByTestId("bt-row")).Not.ToHaveCountAsync(0);
        var stored = await page.GetByTestId("bt-row").CountAsync();
        var since = today.AddYears(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        await page.GetByTestId("bt-from").FillAsync(since);
        await page.GetByTestId("bt-from").BlurAsync();
        await page.GetByTestId("bt-start").ClickAsync();
        await Expect(page.GetByTestId("bt-row")).ToHaveCountAsync(stored + 1, new() { Timeout = 300_000 });
        await Expect(last).ToHaveAttributeAsync("data-status", "done");
        await page.GetByTestId("bt-row").Nth(0).GetByTestId("bt-select").ClickAsync();
        await page.GetByTestId("bt-row").Nth(1).GetByTestId("bt-select").ClickAsync();
        await page.GetByTestId("bt-compare").ClickAsync();
        await Expect(page.GetByTestId("bt-compare-view")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("metrics-column")).ToHaveTextAsync(["A", "B", "Buy and hold (A)", "Index (A)"]);
        await Expect(page.GetByTestId("bt-compare-chart")).ToHaveAttributeAsync("data-drawn", "true", new() { Timeout = 30_000 });
        await Expect(page.GetByTestId("bt-compare-chart").Locator("g.trace.scatter")).ToHaveCountAsync(2);
        await BrowserFixture.ScreenshotAsync(page, "backtest-compare");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }
}
