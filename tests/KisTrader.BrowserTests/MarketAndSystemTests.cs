using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>The live market data path end to end: built-in simulator → KIS client (REST + WebSocket) → event bus →
/// Blazor circuit and the SignalR market hub → the browser.</summary>
[Collection(BrowserCollection.Name)]
public sealed class MarketAndSystemTests(BrowserFixture fx)
{
    [Fact]
    public async Task MarketPage_WatchlistPricesChangeWithoutReload_ChartAndOrderBookRender()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("nav-market").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Market", Exact = true })).ToBeVisibleAsync();

        var rows = page.GetByTestId("watch-row");
        await Expect(rows).ToHaveCountAsync(8);
        // Every watched ticker gets a live price from the feed.
        await Expect(page.GetByTestId("watch-price").Filter(new() { HasText = "–" })).ToHaveCountAsync(0);

        // Prices change within 5 seconds, with no reload: compare the whole column against a snapshot.
        var before = string.Join("|", await page.GetByTestId("watch-price").AllTextContentsAsync());
        var navigations = 0;
        page.FrameNavigated += (_, f) => { if (f == page.MainFrame) navigations++; };
        await page.WaitForFunctionAsync(
            "before => Array.from(document.querySelectorAll('[data-testid=watch-price]')).map(e => e.textContent).join('|') !== before",
            before, new() { Timeout = 5_000 });
        Assert.Equal(0, navigations);

        // The candle chart draws on canvas with a year of daily bars, then follows live ticks from the hub.
        var chart = page.GetByTestId("price-chart");
        await Expect(chart.Locator("canvas").First).ToBeVisibleAsync();
        await Expect(chart).ToHaveAttributeAsync("data-bars", new System.Text.RegularExpressions.Regex("^[1-9][0-9]{2}$"));
        await Expect(chart).ToHaveAttributeAsync("data-ticks", new System.Text.RegularExpressions.Regex("^[1-9]"), new() { Timeout = 10_000 });
        var box = await chart.Locator("canvas").First.BoundingBoxAsync();
        Assert.True(box is { Width: > 100, Height: > 100 }, "the chart canvas has a real size");

        // The order book shows 10 levels each side on the realtime feed.
        await Expect(page.GetByTestId("book-ask")).ToHaveCountAsync(10);
        await Expect(page.GetByTestId("book-bid")).ToHaveCountAsync(10);

        // Paper accounts have no ranking API: the ranking is computed from the feed, and the page says so.
        await Expect(page.GetByTestId("ranking-source")).ToContainTextAsync("computed from the realtime feed");
        await Expect(page.GetByTestId("ranking-row").First).ToBeVisibleAsync();

        // Choosing another ticker re-targets the chart and the book.
        var second = rows.Nth(1);
        var secondTicker = await second.GetAttributeAsync("data-ticker");
        await second.ClickAsync();
        await Expect(chart).ToHaveAttributeAsync("data-ticker", secondTicker!);
        await Expect(page.GetByText($"Order book {secondTicker}")).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "market");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }

    [Fact]
    public async Task SystemPage_AfterAnInjectedDisconnect_ShowsReconnectingThenConnected()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);
        await page.GetByTestId("nav-system").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "System", Exact = true })).ToBeVisibleAsync();

        await Expect(page.GetByTestId("sys-environment")).ToHaveTextAsync("Simulator");
        await Expect(page.GetByTestId("feed-state")).ToHaveTextAsync("connected", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("sys-token-expiry")).ToContainTextAsync("KST");
        await Expect(page.GetByTestId("sys-subscriptions")).ToContainTextAsync("of 41");
        // The demo account, read over REST; paper-only fallbacks name their source.
        await Expect(page.GetByTestId("account-cash")).ToContainTextAsync("100,000,000");
        await Expect(page.GetByTestId("account-profit")).ToContainTextAsync("computed from our fills");
        await Expect(page.GetByTestId("account-open-orders")).ToContainTextAsync("today's order list");
        var reconnectsBefore = int.Parse((await page.GetByTestId("sys-reconnects").TextContentAsync())!);

        await page.GetByTestId("sim-disconnect").ClickAsync();

        await Expect(page.GetByTestId("feed-history").Locator("li[data-state=Reconnecting]").First).ToBeVisibleAsync();
        await Expect(page.GetByTestId("feed-state")).ToHaveTextAsync("connected", new() { Timeout = 20_000 });
        await Expect(page.GetByTestId("sys-reconnects")).Not.ToHaveTextAsync(reconnectsBefore.ToString());
        // The feed history lists the reconnect before the recovery (newest first).
        var states = await page.GetByTestId("feed-history").Locator("li").EvaluateAllAsync<string[]>("els => els.map(e => e.dataset.state)");
        var connectedAt = Array.IndexOf(states, "Connected");
        var reconnectingAt = Array.IndexOf(states, "Reconnecting");
        Assert.True(connectedAt >= 0 && reconnectingAt > connectedAt, "Connected follows Reconnecting: " + string.Join(",", states));
        await BrowserFixture.ScreenshotAsync(page, "system");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }
}
