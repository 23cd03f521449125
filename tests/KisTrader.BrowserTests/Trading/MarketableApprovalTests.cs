using System.Text.RegularExpressions;
using KisTrader.Core.Market;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests.Trading;

/// <summary>What the user of issue 15 saw: an approved limit buy sent at the plan's old price rested unfilled. Here the
/// plan buys one tick below the last price, then the market rises 1% (the simulator's price shock) before the admin
/// approves: approving sends it at the best ask, within the slippage bound, and it fills.</summary>
[Collection(TradingCollection.Name)]
public sealed class MarketableApprovalTests(TradingFixture fx)
{
    [Fact]
    public async Task ALimitBuyPlannedBelowTheMarket_ApprovedAfterItsProposal_IsSentAtTheAskAndFillsWithin30s_OnTheOverviewWithoutReload()
    {
        var page = await fx.SignedInAsync();
        await fx.EnsureActiveAsync(page);
        const string ticker = "035720";
        var last = await fx.LivePriceAsync(page, ticker);
        var planPrice = KrxRules.StepTicks(last, -1, KrxMarket.Kospi, InstrumentKind.Stock);

        var overview = await fx.NewTabAsync(page);
        await overview.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(overview);
        var overviewNavigations = 0;
        overview.FrameNavigated += (_, f) => { if (f == overview.MainFrame) overviewNavigations++; };

        string runId;
        fx.Llm.LimitPrice = planPrice;
        try
        {
            runId = await fx.StartRunAsync(page, ticker);
        }
        finally
        {
            fx.Llm.LimitPrice = null;
        }

        // The market moves up after the proposal: the plan's limit is now well below the ask and would rest unfilled. The
        // rise is staged to 1.5% above the plan's price, not +1% from wherever the seeded market has drifted since (that
        // once left the ask below the plan after a 1.3% drift down): a shock of 0% reads the simulator's last price at
        // this instant (the Market page's can lag), and the second shock goes from there.
        var simLast = await ShockAsync(page, ticker, 0m);
        await ShockAsync(page, ticker, Math.Round((planPrice * 1.015m / simLast - 1m) * 100m, 2));
        // The dialog prices from the app's realtime quote as it opens: wait until the app has the shock's print, or it
        // may still price from the quote before it (that once showed an ask equal to the plan's price).
        await fx.WaitForLivePriceAboveAsync(page, ticker, planPrice);

        await page.GetByTestId("nav-approvals").ClickAsync();
        var card = page.Locator($"[data-testid=pending-approval][data-run='{runId}']");
        await Expect(card).ToHaveAttributeAsync("data-ticker", ticker);
        var approvalId = await card.GetAttributeAsync("data-approval");

        await card.GetByTestId("approve").ClickAsync();
        var dialog = page.GetByTestId("reason-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        // The dialog says what approving would send: the plan's price, the ask now, and the bound around the plan.
        await Expect(dialog.GetByTestId("pricing-plan")).ToHaveTextAsync($"limit {planPrice:#,0}");
        await Expect(dialog.GetByTestId("pricing-now")).ToHaveAttributeAsync("data-sendable", "true");
        var now = decimal.Parse(Regex.Match(await dialog.GetByTestId("pricing-now").InnerTextAsync(), @"[\d,]+").Value.Replace(",", ""),
            System.Globalization.CultureInfo.InvariantCulture);
        Assert.True(now > planPrice, $"the price now ({now}) should be the ask, above the plan's {planPrice}");
        await Expect(dialog.GetByTestId("pricing-bound")).ToContainTextAsync("tick(s)");
        await BrowserFixture.ScreenshotAsync(page, "trading-approval-pricing");
        await page.GetByTestId("reason-input").FillAsync("Browser test: the plan's price has moved");
        await page.GetByTestId("reason-confirm").ClickAsync();

        // Filled within 30 s of the approval: the order went out at the ask, not at the plan's stale bid.
        var decided = page.Locator($"[data-testid=decided-approval][data-approval='{approvalId}']");
        await Expect(decided).ToHaveAttributeAsync("data-status", "Approved", TradingFixture.DecisionShown);
        await Expect(decided.GetByTestId("decided-order-status")).ToHaveAttributeAsync("data-order-status", "Filled", new() { Timeout = 30_000 });
        var orderId = await decided.GetAttributeAsync("data-order");
        Assert.False(string.IsNullOrEmpty(orderId));

        await Expect(overview.Locator($"[data-testid=fill][data-order='{orderId}']")).ToContainTextAsync(ticker);
        await Expect(overview.Locator($"[data-testid=order-row][data-order='{orderId}']")).ToHaveAttributeAsync("data-status", "Filled");
        Assert.Equal(0, overviewNavigations);
        fx.AssertNoConsoleErrors();
    }

    /// <summary>Moves the built-in simulator's price of <paramref name="ticker"/> by <paramref name="percent"/> (its control
    /// endpoint, whose address the System page shows).</summary>
    private async Task<decimal> ShockAsync(IPage admin, string ticker, decimal percent)
    {
        var system = await fx.NewTabAsync(admin);
        await system.GotoAsync("/system");
        var url = await system.GetByTestId("sim-url").InnerTextAsync();
        await system.CloseAsync();
        using var sim = new HttpClient { BaseAddress = new Uri(url) };
        var body = $"{{\"code\":\"{ticker}\",\"percent\":{percent.ToString(System.Globalization.CultureInfo.InvariantCulture)}}}";
        var answer = await sim.PostAsync("/sim/control/shock", new StringContent(body, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(answer.IsSuccessStatusCode, $"shock: {(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync()}");
        using var json = System.Text.Json.JsonDocument.Parse(await answer.Content.ReadAsStringAsync());
        return json.RootElement.GetProperty("price").GetDecimal();
    }
}
