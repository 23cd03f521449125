using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

[Collection(BrowserCollection.Name)]
public sealed class PhoneAndThemeTests(BrowserFixture fx)
{
    private async Task<IPage> PhonePageAsync()
    {
        var context = await fx.Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = fx.App.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 390, Height = 844 },
            HasTouch = true,
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, msg) => { if (msg.Type == "error") lock (fx.ConsoleErrors) fx.ConsoleErrors.Add(msg.Text); };
        page.PageError += (_, err) => { lock (fx.ConsoleErrors) fx.ConsoleErrors.Add(err); };
        return page;
    }

    [Fact]
    public async Task OnAPhone_TheStatusBarIsOneLine_WithTheEmergencyStopInReach_AndExpandsToTheDetails()
    {
        var page = await PhonePageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Overview" })).ToBeVisibleAsync();
        await BrowserFixture.WaitForCircuitAsync(page);

        // Folded: the trading state and the emergency stop are in the bar, the details are not.
        var bar = page.Locator(".mud-appbar");
        var barBox = await bar.BoundingBoxAsync();
        Assert.True(barBox is { Height: <= 64 }, $"the app bar is one line high, not {barBox?.Height}px");
        var stop = page.GetByTestId("kill-switch");
        await Expect(stop).ToBeVisibleAsync();
        await Expect(page.GetByTestId("trading-mode")).ToBeVisibleAsync();
        var stopBox = await stop.BoundingBoxAsync();
        Assert.True(stopBox is { Width: >= 40, Height: >= 28 } && stopBox.X + stopBox.Width <= 390 && stopBox.Y + stopBox.Height <= barBox!.Y + barBox.Height,
            $"the emergency stop is a full-size target inside the bar: {stopBox?.X},{stopBox?.Y} {stopBox?.Width}x{stopBox?.Height}");
        await Expect(page.GetByTestId("status-details")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("reduce-trading")).ToBeHiddenAsync();
        await Expect(page.GetByTestId("status-expand")).ToHaveAttributeAsync("aria-expanded", "false");
        await BrowserFixture.ScreenshotAsync(page, "phone-folded");

        // Expanded: every status, the user, the theme switch and Sell only, under the bar.
        await page.GetByTestId("status-expand").ClickAsync();
        await Expect(page.GetByTestId("status-details")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status-user")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("status-environment")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("theme-toggle")).ToBeVisibleAsync();
        await Expect(page.GetByTestId("reduce-trading")).ToBeVisibleAsync();
        var details = await page.GetByTestId("status-details").BoundingBoxAsync();
        Assert.True(details is { Width: <= 390 } && details.X >= 0, "the details fit the phone's width");
        await Expect(stop).ToBeVisibleAsync();
        await BrowserFixture.ScreenshotAsync(page, "phone-expanded");
        await page.GetByTestId("status-expand").ClickAsync();
        await Expect(page.GetByTestId("status-details")).ToBeHiddenAsync();

        // One tap opens the stop's confirmation; cancelling leaves trading as it was.
        await stop.ClickAsync();
        await Expect(page.GetByTestId("reason-dialog")).ToBeVisibleAsync();
        var dialog = await page.GetByTestId("reason-dialog").BoundingBoxAsync();
        Assert.True(dialog is { Width: <= 390 }, "the dialog fits the phone");
        await BrowserFixture.ScreenshotAsync(page, "phone-stop-dialog");
        await page.GetByTestId("reason-cancel").ClickAsync();
        await Expect(page.GetByTestId("reason-dialog")).ToHaveCountAsync(0);
        await Expect(page.GetByTestId("trading-mode")).ToHaveAttributeAsync("data-mode", "Active");

        // The menu is a drawer that opens over the page.
        await Expect(page.GetByTestId("nav-trades")).ToBeHiddenAsync();
        await page.GetByTestId("nav-toggle").ClickAsync();
        await page.GetByTestId("nav-trades").ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Trades", Exact = true })).ToBeVisibleAsync();
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }

    [Fact]
    public async Task TheThemeSwitch_IsRememberedForTheUser_InAnotherBrowserSession()
    {
        var page = await fx.NewPageAsync();
        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);
        var layout = page.Locator(".kt-layout");
        await Expect(layout).ToHaveAttributeAsync("data-theme", "light");
        try
        {
            await page.GetByTestId("theme-toggle").ClickAsync();
            await Expect(layout).ToHaveAttributeAsync("data-theme", "dark");
            // MudBlazor's dark palette is on the page: every channel of the background under 100.
            await Expect(page.Locator("body")).ToHaveCSSAsync("background-color", new System.Text.RegularExpressions.Regex(@"rgb\((\d|[1-9]\d), (\d|[1-9]\d), (\d|[1-9]\d)\)"));
            await BrowserFixture.ScreenshotAsync(page, "overview-dark");

            // Another browser (fresh cookies), same user: still dark, also on the statically rendered password page.
            var other = await fx.NewPageAsync();
            await BrowserFixture.SignInAsync(other, AppProcess.AdminUser, AppProcess.AdminPassword);
            await Expect(other.Locator(".kt-layout")).ToHaveAttributeAsync("data-theme", "dark");
            await other.GotoAsync("/account/password");
            await Expect(other.Locator(".kt-layout")).ToHaveAttributeAsync("data-theme", "dark");
            await BrowserFixture.ScreenshotAsync(other, "password-dark");
        }
        finally
        {
            await page.GotoAsync("/");
            await BrowserFixture.WaitForCircuitAsync(page);
            if (await layout.GetAttributeAsync("data-theme") == "dark")
                await page.GetByTestId("theme-toggle").ClickAsync();
            await Expect(layout).ToHaveAttributeAsync("data-theme", "light");
        }
        lock (fx.ConsoleErrors) Assert.Empty(fx.ConsoleErrors);
    }
}
