using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests.Trading;

[Collection(TradingCollection.Name)]
public sealed class TradingViewerTests(TradingFixture fx)
{
    private const string Viewer = "viewer-trading";
    private const string ViewerPassword = "Viewer-Password-7";

    [Fact]
    public async Task Viewer_SeesTheTradingPages_WithoutApproveRejectOrKillSwitch_AndTheServerRefusesThoseActions()
    {
        // The admin creates the Viewer on the Users page and leaves an order waiting for approval.
        var admin = await fx.SignedInAsync();
        await fx.EnsureActiveAsync(admin);
        await admin.GetByTestId("nav-users").ClickAsync();
        await admin.GetByTestId("new-user-name").FillAsync(Viewer);
        await admin.GetByTestId("new-user-password").FillAsync(ViewerPassword);
        await admin.GetByTestId("add-user").ClickAsync();
        await Expect(admin.GetByTestId("user-admin-message")).ToContainTextAsync($"Created Viewer '{Viewer}'");
        var runId = await fx.StartRunAsync(admin, "005380");

        var viewer = await fx.SignedInAsync(Viewer, ViewerPassword);
        await Expect(viewer.GetByTestId("status-user")).ToContainTextAsync($"{Viewer} (Viewer)");
        // The trading state is shown, the controls are not.
        await Expect(viewer.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");
        await Expect(viewer.GetByTestId("kill-switch")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("reduce-trading")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("resume-trading")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("overview-pending")).Not.ToHaveTextAsync("0");

        await viewer.GetByTestId("nav-approvals").ClickAsync();
        var card = viewer.Locator($"[data-testid=pending-approval][data-run='{runId}']");
        await Expect(card).ToBeVisibleAsync();
        await Expect(card.GetByTestId("justification")).ToHaveTextAsync(PlanChatServer.JustificationFor("005380"));
        await Expect(card.GetByTestId("viewer-note")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("approve")).ToHaveCountAsync(0);
        await Expect(viewer.GetByTestId("reject")).ToHaveCountAsync(0);
        var approvalId = await card.GetAttributeAsync("data-approval");
        await BrowserFixture.ScreenshotAsync(viewer, "trading-viewer-approvals");

        await viewer.GetByTestId("nav-runs").ClickAsync();
        await Expect(viewer.Locator($"[data-testid=run-row][data-run='{runId}']")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("run-now")).ToHaveCountAsync(0);
        await viewer.GetByTestId("nav-trades").ClickAsync();
        await Expect(viewer.GetByRole(AriaRole.Heading, new() { Name = "Trades", Exact = true })).ToBeVisibleAsync();

        // Called directly with the Viewer's own session cookie, every trading action is refused.
        var api = viewer.Context.APIRequest;
        var reason = new APIRequestContextOptions { DataObject = new { reason = "viewer tries" } };
        Assert.Equal(403, (await api.PostAsync($"/api/approvals/{approvalId}/approve", reason)).Status);
        Assert.Equal(403, (await api.PostAsync($"/api/approvals/{approvalId}/reject", reason)).Status);
        Assert.Equal(403, (await api.PostAsync("/api/trading/halt", reason)).Status);
        Assert.Equal(403, (await api.PostAsync("/api/trading/reduce", reason)).Status);
        Assert.Equal(403, (await api.PostAsync("/api/runs")).Status);

        // Nothing changed: the order still waits and trading is still Active.
        await Expect(viewer.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");
        await viewer.GetByTestId("nav-approvals").ClickAsync();
        await Expect(viewer.Locator($"[data-testid=pending-approval][data-approval='{approvalId}']")).ToBeVisibleAsync();
        fx.AssertNoConsoleErrors();
    }
}
