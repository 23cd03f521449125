using System.Text.RegularExpressions;
using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests.Trading;

/// <summary>The admin's approval queue end to end: a run proposes an order (loopback LLM), the admin approves or rejects
/// it with a reason, and the outcome reaches every open page over the circuit.</summary>
[Collection(TradingCollection.Name)]
public sealed partial class ApprovalFlowTests(TradingFixture fx)
{
    [Fact]
    public async Task Admin_RunsNow_ApprovesWithAReason_AndSeesTheOrderFillOnTheOverviewWithoutReload()
    {
        var page = await fx.SignedInAsync();
        await fx.EnsureActiveAsync(page);
        const string ticker = "005930";
        await fx.WaitForLivePriceAsync(page, ticker);
        fx.Llm.Ticker = ticker;

        // A second tab on the Overview follows the fill live; it must never navigate.
        var overview = await fx.NewTabAsync(page);
        await overview.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(overview);
        var overviewNavigations = 0;
        overview.FrameNavigated += (_, f) => { if (f == overview.MainFrame) overviewNavigations++; };

        await page.GetByTestId("nav-runs").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Runs", Exact = true })).ToBeVisibleAsync();
        // The tests of this collection share one app: a run an earlier test parked may still be finishing (a kill switch
        // resumes it to record its rejections), and "Run now" then says "Run Skipped" and stays. Ask again until it runs.
        var deadline = DateTime.UtcNow.AddSeconds(30);
        await page.GetByTestId("run-now").ClickAsync();
        while (!RunUrl().IsMatch(page.Url))
        {
            if (DateTime.UtcNow > deadline) await Expect(page).ToHaveURLAsync(RunUrl(), new() { Timeout = 1 });
            if (await page.GetByText("Run Skipped").CountAsync() > 0 && await page.GetByTestId("run-now").IsEnabledAsync())
            {
                await page.WaitForTimeoutAsync(500);
                await page.GetByTestId("run-now").ClickAsync();
            }
            await page.WaitForTimeoutAsync(100);
        }
        var runId = RunUrl().Match(page.Url).Groups[1].Value;
        var trace = page.GetByTestId("run-trace");
        await Expect(trace).ToHaveAttributeAsync("data-status", "AwaitingApproval");
        await Expect(trace.Locator("[data-testid=run-step][data-node=Decide]")).ToHaveCountAsync(1);
        await Expect(page.GetByTestId("run-plan")).ToContainTextAsync("1 order(s)");

        await page.GetByTestId("nav-approvals").ClickAsync();
        var card = page.Locator($"[data-testid=pending-approval][data-run='{runId}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToHaveAttributeAsync("data-ticker", ticker);
        await Expect(card.GetByTestId("justification")).ToHaveTextAsync(PlanChatServer.JustificationFor(ticker));
        await Expect(card.GetByTestId("risk-verdict")).ToContainTextAsync("PASSED");
        await Expect(card.GetByTestId("approval-plan")).ToContainTextAsync("steady market (browser test)");
        await Expect(card.GetByTestId("countdown")).ToHaveTextAsync(new Regex(@"^expires in \d+:\d\d$"));
        var countdown = await card.GetByTestId("countdown").TextContentAsync();
        await Expect(card.GetByTestId("countdown")).Not.ToHaveTextAsync(countdown!); // it counts down live
        var approvalId = await card.GetAttributeAsync("data-approval");
        await BrowserFixture.ScreenshotAsync(page, "trading-approvals-pending");

        await card.GetByTestId("approve").ClickAsync();
        var dialog = page.GetByTestId("reason-dialog");
        await Expect(dialog).ToBeVisibleAsync();
        await Expect(page.GetByTestId("reason-confirm")).ToBeDisabledAsync(); // a reason is required
        await page.GetByTestId("reason-input").FillAsync("Browser test: fits the plan");
        await page.GetByTestId("reason-confirm").ClickAsync();

        var decided = page.Locator($"[data-testid=decided-approval][data-approval='{approvalId}']");
        await Expect(decided).ToHaveAttributeAsync("data-status", "Approved", TradingFixture.DecisionShown);
        await Expect(decided.GetByTestId("decided-by")).ToHaveTextAsync(AppProcess.AdminUser);
        await Expect(decided.GetByTestId("decided-reason")).ToHaveTextAsync("Browser test: fits the plan");
        await Expect(card).ToHaveCountAsync(0);
        // The order's status follows the ledger over the circuit until it is filled.
        await Expect(decided.GetByTestId("decided-order-status")).ToHaveAttributeAsync("data-order-status", "Filled", new() { Timeout = 20_000 });
        var orderId = await decided.GetAttributeAsync("data-order");
        Assert.False(string.IsNullOrEmpty(orderId));

        // The Overview tab, untouched since it loaded: the fill and the order's final status arrived live.
        await Expect(overview.Locator($"[data-testid=fill][data-order='{orderId}']")).ToBeVisibleAsync();
        await Expect(overview.Locator($"[data-testid=fill][data-order='{orderId}']")).ToContainTextAsync(ticker);
        await Expect(overview.Locator($"[data-testid=order-row][data-order='{orderId}']")).ToHaveAttributeAsync("data-status", "Filled");
        await Expect(overview.Locator($"[data-testid=position][data-ticker='{ticker}']")).ToBeVisibleAsync();
        Assert.Equal(0, overviewNavigations);
        await BrowserFixture.ScreenshotAsync(overview, "trading-overview-filled");

        // The trade is recorded with its justification, the market snapshot and the portfolio before it.
        await page.GetByTestId("nav-trades").ClickAsync();
        var trade = page.Locator($"[data-testid=trade-row][data-trade='t-{orderId}']");
        await Expect(trade).ToBeVisibleAsync();
        await trade.Locator("td").First.ClickAsync();
        var detail = page.GetByTestId("trade-detail");
        await Expect(detail.GetByTestId("trade-justification")).ToContainTextAsync(PlanChatServer.JustificationFor(ticker));
        await Expect(detail.GetByTestId("trade-snapshot")).ToContainTextAsync(ticker);
        await Expect(detail.GetByTestId("trade-portfolio")).ToContainTextAsync("totalEquity");
        await BrowserFixture.ScreenshotAsync(page, "trading-trades");

        // The parked run resumed and completed once its only approval was decided.
        await page.GotoAsync($"/runs/{runId}");
        await Expect(page.GetByTestId("run-trace")).ToHaveAttributeAsync("data-status", "Completed");
        await Expect(page.GetByTestId("run-report")).ToContainTextAsync("1 sent");
        await BrowserFixture.ScreenshotAsync(page, "trading-run-trace");
        fx.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task Admin_RejectsAPendingOrderWithAReason_ItLeavesTheQueueAndShowsWhoAndWhy()
    {
        var page = await fx.SignedInAsync();
        await fx.EnsureActiveAsync(page);
        var runId = await fx.StartRunAsync(page, "000660");

        await page.GetByTestId("nav-approvals").ClickAsync();
        var card = page.Locator($"[data-testid=pending-approval][data-run='{runId}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card).ToHaveAttributeAsync("data-ticker", "000660");
        var approvalId = await card.GetAttributeAsync("data-approval");

        await card.GetByTestId("reject").ClickAsync();
        await page.GetByTestId("reason-input").FillAsync("Browser test: not today");
        await page.GetByTestId("reason-confirm").ClickAsync();

        var decided = page.Locator($"[data-testid=decided-approval][data-approval='{approvalId}']");
        await Expect(decided).ToHaveAttributeAsync("data-status", "Rejected", TradingFixture.DecisionShown);
        await Expect(card).ToHaveCountAsync(0);
        await Expect(decided.GetByTestId("decided-by")).ToHaveTextAsync(AppProcess.AdminUser);
        await Expect(decided.GetByTestId("decided-reason")).ToHaveTextAsync("Browser test: not today");
        Assert.Null(await decided.GetAttributeAsync("data-order")); // nothing was sent
        await BrowserFixture.ScreenshotAsync(page, "trading-approvals-rejected");

        // Still rejected after a reload: it was stored, not just drawn.
        await page.ReloadAsync();
        await Expect(page.Locator($"[data-testid=decided-approval][data-approval='{approvalId}']")).ToHaveAttributeAsync("data-status", "Rejected");
        await Expect(page.Locator($"[data-testid=pending-approval][data-approval='{approvalId}']")).ToHaveCountAsync(0);
        fx.AssertNoConsoleErrors();
    }

    [Fact]
    public async Task ANewerProposal_SupersedesTheOneOnScreen_ApprovingItSaysWhichIsNewer_AndEachProposalShowsItsAge()
    {
        var page = await fx.SignedInAsync();
        await fx.EnsureActiveAsync(page);
        const string ticker = "000660";
        var firstRun = await fx.StartRunAsync(page, ticker);

        await page.GetByTestId("nav-approvals").ClickAsync();
        var first = page.Locator($"[data-testid=pending-approval][data-run='{firstRun}']");
        await Expect(first).ToBeVisibleAsync();
        await Expect(first.GetByTestId("approval-age")).ToHaveTextAsync(new Regex(@"^\d+ s old$"));
        var firstId = await first.GetAttributeAsync("data-approval");

        // The admin opens the approval of the first proposal; meanwhile the next run proposes the same buy.
        await first.GetByTestId("approve").ClickAsync();
        await page.GetByTestId("reason-input").FillAsync("Browser test: approving what is on screen");
        var secondRun = await fx.StartRunAsync(page, ticker);
        await page.GetByTestId("reason-confirm").ClickAsync();

        var second = page.Locator($"[data-testid=pending-approval][data-run='{secondRun}']");
        var secondId = await second.GetAttributeAsync("data-approval");
        // The page says why nothing happened and which proposal to decide instead.
        await Expect(page.Locator(".mud-snackbar").Filter(new() { HasText = $"superseded by the newer proposal {secondId}" }).First).ToBeVisibleAsync();
        await Expect(page.Locator($"[data-testid=pending-approval][data-ticker='{ticker}']")).ToHaveCountAsync(1);
        await Expect(first).ToHaveCountAsync(0);
        var superseded = page.Locator($"[data-testid=decided-approval][data-approval='{firstId}']");
        await Expect(superseded).ToHaveAttributeAsync("data-status", "Superseded");
        await Expect(superseded.GetByTestId("superseded-by")).ToHaveAttributeAsync("data-newer", secondId!);
        await Expect(superseded.GetByTestId("decided-age")).ToHaveTextAsync(new Regex(@"^\d+ (s|min)$"));
        Assert.Null(await superseded.GetAttributeAsync("data-order")); // nothing was sent
        await BrowserFixture.ScreenshotAsync(page, "trading-approvals-superseded");

        // Tidy up for the next test of this collection: nothing of this ticker stays pending.
        await second.GetByTestId("reject").ClickAsync();
        await page.GetByTestId("reason-input").FillAsync("Browser test: done");
        await page.GetByTestId("reason-confirm").ClickAsync();
        await Expect(second).ToHaveCountAsync(0);
        fx.AssertNoConsoleErrors();
    }

    [GeneratedRegex("/runs/([0-9a-f]{32})$")]
    private static partial Regex RunUrl();
}
