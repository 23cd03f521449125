using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class ViewerTests(BrowserFixture fx)
{
    [Fact]
    public async Task AdminCreatesAViewer_WhoSeesNoAdminControl_AndIsRefusedByTheServer()
    {
        var admin = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(admin, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(admin);
        await admin.GetByTestId("nav-users").ClickAsync();
        await Expect(admin.GetByRole(AriaRole.Heading, new() { Name = "Users" })).ToBeVisibleAsync();
        await admin.GetByTestId("new-user-name").FillAsync("viewer-ui");
        await admin.GetByTestId("new-user-password").FillAsync("Viewer-Password-9");
        await admin.GetByTestId("add-user").ClickAsync();
        await Expect(admin.GetByTestId("user-admin-message")).ToContainTextAsync("Created Viewer 'viewer-ui'");
        await Expect(admin.GetByTestId("users-grid")).ToContainTextAsync("viewer-ui");

        var viewer = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(viewer, "viewer-ui", "Viewer-Password-9");
        await Expect(viewer.GetByTestId("status-user")).ToContainTextAsync("viewer-ui (Viewer)");
        await BrowserFixture.WaitForCircuitAsync(viewer);
        await Expect(viewer.GetByTestId("nav-overview")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("nav-users")).ToHaveCountAsync(0);

        await viewer.GotoAsync("/admin/users");
        await Expect(viewer.GetByTestId("access-denied")).ToBeVisibleAsync();
        await Expect(viewer.GetByTestId("add-user")).ToHaveCountAsync(0);

        // Called directly with the viewer's own session cookie, the admin API refuses.
        var direct = await viewer.Context.APIRequest.PostAsync("/api/admin/users", new()
        {
            DataObject = new { userName = "escalated", password = "Escalated-Password-1", role = "Admin" },
        });
        Assert.Equal(403, direct.Status);
        await admin.ReloadAsync();
        await Expect(admin.GetByTestId("users-grid")).Not.ToContainTextAsync("escalated");
    }
}
