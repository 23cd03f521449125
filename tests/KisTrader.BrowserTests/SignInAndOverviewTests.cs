using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class SignInAndOverviewTests(BrowserFixture fx)
{
    [Fact]
    public async Task Admin_SignsIn_UsesTheOverviewOverTheCircuit_SignsOut_AndIsSentBackToLogin()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);

        await Expect(page).ToHaveURLAsync(new Uri(fx.App.BaseUrl, "/").ToString());
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status-user")).ToContainTextAsync("admin (Admin)");
        await Expect(page.GetByTestId("status-environment")).ToHaveTextAsync("Simulator");
        await Expect(page.GetByTestId("status-database")).ToContainTextAsync("ok");
        await BrowserFixture.WaitForCircuitAsync(page);
        // The loss-limit guard measures every 10 s; the card shows its latest numbers against the configured limits.
        var loss = page.GetByTestId("overview-loss-limits");
        await Expect(loss).ToContainTextAsync(new System.Text.RegularExpressions.Regex(@"today [+-]?\d+\.\d\d% of -3%, this week [+-]?\d+\.\d\d% of -7%"),
            new() { Timeout = 30_000 });

        // The period selector re-queries the trade store over the circuit: 7 days (default) → 30 days → 1 year.
        await Expect(page.GetByTestId("trade-count")).ToHaveTextAsync("2");
        await page.GetByTestId("period-select").GetByText("30 days").ClickAsync();
        await Expect(page.GetByTestId("trade-count")).ToHaveTextAsync("3");
        await Expect(page.GetByTestId("pnl7-total")).ToHaveTextAsync("-12,345");
        await page.GetByTestId("period-select").GetByText("1 year").ClickAsync();
        await Expect(page.GetByTestId("trade-count")).ToHaveTextAsync("4");
        await Expect(page.GetByTestId("trades-grid")).ToContainTextAsync("Seeded trade 3");
        await BrowserFixture.ScreenshotAsync(page, "overview");
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);

        await page.GetByTestId("sign-out").ClickAsync();
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));

        foreach (var path in new[] { "/", "/admin/users", "/account/password" })
        {
            await page.GotoAsync(path);
            await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
            await Expect(page.GetByTestId("login-form")).ToBeVisibleAsync();
        }
    }

    [Fact]
    public async Task WrongPassword_ShowsAnErrorAndStaysOnLogin()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, "not-the-password");
        await Expect(page.GetByTestId("login-error")).ToContainTextAsync("wrong");
        await page.GotoAsync("/");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("/account/login"));
    }
}
