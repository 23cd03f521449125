using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>Issue 16's Data page end to end: the admin presses Collect now on the built-in simulator, the progress is
/// pushed to the page, and the coverage table fills with the collected instruments and indexes.</summary>
[Collection(BrowserCollection.Name)]
public sealed class DataPageTests(BrowserFixture fx)
{
    [Fact]
    public async Task Collect_now_shows_progress_then_coverage_rows_with_bars_from_the_simulator()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("nav-data").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Data", Exact = true })).ToBeVisibleAsync();

        await page.GetByTestId("collect-now").ClickAsync();

        // The progress bar appears with a ticker count, and goes once the collection is done.
        var progress = page.GetByTestId("collect-progress");
        await Expect(progress).ToHaveAttributeAsync("data-total", new System.Text.RegularExpressions.Regex("^[1-9][0-9]*$"));
        await Expect(progress).ToHaveCountAsync(0, new() { Timeout = 120_000 });
        await Expect(page.GetByTestId("last-collection-summary")).ToContainTextAsync("from simulator");
        await Expect(page.GetByTestId("collection-failures")).ToHaveCountAsync(0);

        // The watchlist's instruments and both indexes, each with years of daily bars from the simulator.
        var samsung = page.Locator("[data-testid=coverage-row][data-ticker='005930']");
        await Expect(samsung).ToHaveAttributeAsync("data-bars", new System.Text.RegularExpressions.Regex("^[1-9][0-9]{2,}$"));
        await Expect(samsung).ToContainTextAsync("simulator");
        await Expect(page.Locator("[data-testid=coverage-row][data-ticker='0001']")).ToHaveAttributeAsync("data-bars", new System.Text.RegularExpressions.Regex("^[1-9][0-9]{2,}$"));
        await Expect(page.Locator("[data-testid=coverage-row][data-ticker='1001']")).ToBeVisibleAsync();
        Assert.True(await page.GetByTestId("coverage-row").CountAsync() >= 10, "8 watched instruments and 2 indexes");
        await BrowserFixture.ScreenshotAsync(page, "data");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }
}
