using System.Globalization;
using System.Text.RegularExpressions;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>The Backtests page's options end to end over stored minute bars: a minute-resolution backtest started on the
/// page opens with its resolution and cadence; an LLM backtest whose model holds its answers shows its progress, is
/// cancelled with the Cancel button, and is said to be cancelled with nothing stored.</summary>
public sealed class BacktestOptionsTests(BacktestOptionsFixture fx) : IClassFixture<BacktestOptionsFixture>
{
    // What waits on a server round trip (a render over the circuit, a navigation) gets more than the 5 s default: the
    // browser tests share two cores with the app and each other.
    private const float RoundTrip = 30_000;

    [Fact]
    public async Task A_minute_backtest_started_on_the_page_opens_with_its_resolution_and_cadence()
    {
        var page = await OpenBacktestsAsync();
        await FillPeriodAsync(page);
        await ChooseAsync(page, "bt-instruments", "All with history");
        await ChooseAsync(page, "bt-resolution", "Minute");
        await page.GetByTestId("bt-cadence").FillAsync("60");
        await page.GetByTestId("bt-cadence").BlurAsync();
        var stored = await StoredCountAsync(page);

        await page.GetByTestId("bt-start").ClickAsync();

        await Expect(page.GetByTestId("bt-problems")).ToHaveCountAsync(0);
        var last = page.GetByTestId("bt-last");
        await Expect(last).ToHaveAttributeAsync("data-status", "done", new() { Timeout = 300_000 });
        await Expect(page.GetByTestId("bt-row")).ToHaveCountAsync(stored + 1);
        await page.GetByTestId("bt-last-open").ClickAsync();
        await Expect(page.GetByTestId("bt-result")).ToBeVisibleAsync(new() { Timeout = RoundTrip });
        await Expect(page.GetByTestId("bt-resolution")).ToHaveAttributeAsync("data-value", "minute");
        await Expect(page.GetByTestId("bt-decision-time")).ToHaveTextAsync("every 60 minutes from 09:00");
        await Expect(page.GetByTestId("bt-inputs")).ToContainTextAsync($"{fx.Tickers.Count} instruments");
        await Expect(page.GetByTestId("bt-llm-misses")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("metrics-table").Locator("[data-metric='Total return'] td").Nth(1)).ToHaveTextAsync(new Regex("^-?[0-9.,]+%$"));
        await Expect(page.GetByTestId("bt-equity-chart")).ToHaveAttributeAsync("data-drawn", "true", new() { Timeout = 30_000 });
        await BrowserFixture.ScreenshotAsync(page, "backtest-minute-result");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }

    [Fact]
    public async Task An_llm_backtest_shows_its_progress_and_the_cancel_button_stops_it_with_nothing_stored()
    {
        var page = await OpenBacktestsAsync();
        await FillPeriodAsync(page);
        await ChooseAsync(page, "bt-instruments", "All with history");
        await ChooseAsync(page, "bt-resolution", "Minute");
        // One graph run a session (at 09:00 + 389 minutes), so one model call a session.
        await page.GetByTestId("bt-cadence").FillAsync("389");
        await page.GetByTestId("bt-cadence").BlurAsync();
        await ChooseAsync(page, "bt-engine", "LLM");
        await ChooseAsync(page, "bt-llm-cache", "Fetch misses within a budget");
        await page.GetByTestId("bt-llm-budget").FillAsync("100");
        await page.GetByTestId("bt-llm-budget").BlurAsync();
        var stored = await StoredCountAsync(page);
        // The model answers the first session's call, then holds every answer: the run cannot end by itself.
        fx.Llm.HoldFrom(fx.Llm.Requests + 2);

        await page.GetByTestId("bt-start").ClickAsync();

        await Expect(page.GetByTestId("bt-problems")).ToHaveCountAsync(0);
        var progress = page.GetByTestId("bt-progress");
        await Expect(progress).ToHaveAttributeAsync("data-done", "1", new() { Timeout = 120_000 });
        await Expect(progress).ToHaveAttributeAsync("data-total", (fx.Sessions.Count - 1).ToString(CultureInfo.InvariantCulture));
        await Expect(progress).ToContainTextAsync($"1 of {fx.Sessions.Count - 1} sessions");
        await BrowserFixture.ScreenshotAsync(page, "backtest-running");

        await page.GetByTestId("bt-cancel").ClickAsync();

        var last = page.GetByTestId("bt-last");
        await Expect(last).ToHaveAttributeAsync("data-status", "cancelled", new() { Timeout = 60_000 });
        await Expect(last).ToContainTextAsync("Cancelled; nothing was stored.");
        await Expect(progress).ToHaveCountAsync(0, new() { Timeout = RoundTrip });
        await Expect(page.GetByTestId("bt-start")).ToBeEnabledAsync(new() { Timeout = RoundTrip });
        await Expect(page.GetByTestId("bt-row")).ToHaveCountAsync(stored);
        Assert.Equal(stored, await StoredCountAsync(page));
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }

    private async Task<IPage> OpenBacktestsAsync()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await Expect(page.GetByTestId("status-clock")).ToBeVisibleAsync(new() { Timeout = RoundTrip });
        await page.GotoAsync("/backtests");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Backtests", Exact = true })).ToBeVisibleAsync(new() { Timeout = RoundTrip });
        await BrowserFixture.WaitForCircuitAsync(page);
        // The stored list has loaded (none yet, or the rows).
        await Expect(page.GetByTestId("bt-none").Or(page.GetByTestId("bt-list"))).ToBeVisibleAsync(new() { Timeout = RoundTrip });
        return page;
    }

    /// <summary>From the second stored session (the first gives the indicators a day) to the last.</summary>
    private async Task FillPeriodAsync(IPage page)
    {
        await page.GetByTestId("bt-from").FillAsync(fx.Sessions[1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByTestId("bt-from").BlurAsync();
        await page.GetByTestId("bt-to").FillAsync(fx.Sessions[^1].ToString("yyyy-MM-dd", CultureInfo.InvariantCulture));
        await page.GetByTestId("bt-to").BlurAsync();
    }

    private static Task<int> StoredCountAsync(IPage page) => page.GetByTestId("bt-row").CountAsync();

    /// <summary>Opens a MudSelect and picks the item with this text; waits for the list to close.</summary>
    private static async Task ChooseAsync(IPage page, string testId, string item)
    {
        // The select renders over the circuit: it may still be on its way after the last change.
        await Expect(page.GetByTestId(testId)).ToBeVisibleAsync(new() { Timeout = RoundTrip });
        await page.GetByTestId(testId).ClickAsync();
        var items = page.Locator(".mud-popover-open .mud-list-item");
        await items.Filter(new() { HasText = item }).First.ClickAsync();
        await Expect(items).ToHaveCountAsync(0, new() { Timeout = RoundTrip });
    }
}
