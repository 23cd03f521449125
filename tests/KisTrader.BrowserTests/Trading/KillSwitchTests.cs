using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests.Trading;

[Collection(TradingCollection.Name)]
public sealed class KillSwitchTests(TradingFixture fx)
{
    [Fact]
    public async Task EmergencyStop_HaltsEveryOpenPageWithoutReload_RejectsPendingApprovals_AndResumeNeedsAReason()
    {
        var page = await fx.SignedInAsync();
        await fx.EnsureActiveAsync(page);
        var runId = await fx.StartRunAsync(page, "035420");

        await page.GetByTestId("nav-approvals").ClickAsync();
        var card = page.Locator($"[data-testid=pending-approval][data-run='{runId}']");
        await Expect(card).ToBeVisibleAsync();
        var approvalId = await card.GetAttributeAsync("data-approval");

        // Another tab on the Overview, left alone: it must follow the trading state on its own.
        var other = await fx.NewTabAsync(page);
        await other.GotoAsync("/");
        await BrowserFixture.WaitForCircuitAsync(other);
        await Expect(other.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");
        var otherNavigations = 0;
        other.FrameNavigated += (_, f) => { if (f == other.MainFrame) otherNavigations++; };

        await Expect(page.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");
        await page.GetByTestId("kill-switch").ClickAsync();
        await Expect(page.GetByTestId("reason-dialog")).ToBeVisibleAsync();
        // Cancelling changes nothing.
        await page.GetByTestId("reason-cancel").ClickAsync();
        await Expect(page.GetByTestId("reason-dialog")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");

        await page.GetByTestId("kill-switch").ClickAsync();
        await Expect(page.GetByTestId("reason-confirm")).ToBeDisabledAsync();
        await page.GetByTestId("reason-input").FillAsync("Browser test: emergency stop");
        await page.GetByTestId("reason-confirm").ClickAsync();

        await Expect(page.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Halted");
        await Expect(page.GetByTestId("trading-mode")).ToHaveTextAsync("Trading HALTED");
        await Expect(page.GetByTestId("kill-switch")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("resume-trading")).ToBeVisibleAsync();
        // The other tab changed too, badge and Overview card, with no reload.
        await Expect(other.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Halted");
        await Expect(other.GetByTestId("overview-trading-mode")).ToHaveTextAsync("Halted");
        await Expect(other.GetByTestId("overview-trading-reason")).ToContainTextAsync("Browser test: emergency stop");
        Assert.Equal(0, otherNavigations);

        // The pending approval was rejected by the halt.
        var decided = page.Locator($"[data-testid=decided-approval][data-approval='{approvalId}']");
        await Expect(decided).ToHaveAttributeAsync("data-status", "Rejected", TradingFixture.DecisionShown);
        await Expect(card).ToHaveCountAsync(0);
        await Expect(decided.GetByTestId("decided-reason")).ToContainTextAsync("Browser test: emergency stop");
        await BrowserFixture.ScreenshotAsync(page, "trading-halted");
        await BrowserFixture.ScreenshotAsync(other, "trading-halted-other-tab");

        await page.GetByTestId("resume-trading").ClickAsync();
        await Expect(page.GetByTestId("reason-confirm")).ToBeDisabledAsync();
        await page.GetByTestId("reason-input").FillAsync("Browser test: all clear");
        await page.GetByTestId("reason-confirm").ClickAsync();

        await Expect(page.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");
        await Expect(other.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");
        await Expect(other.GetByTestId("overview-trading-reason")).ToContainTextAsync("Browser test: all clear");
        await Expect(page.GetByTestId("kill-switch")).ToBeVisibleAsync();
        Assert.Equal(0, otherNavigations);
        fx.AssertNoConsoleErrors();
    }
}
