using KisTrader.Testing;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace KisTrader.BrowserTests;

/// <summary>The framework's own blazor.web.js drives our reconnect UI: when the server goes away the modal says so.
/// Its own app, because the test stops it; in the Browser collection so it does not run beside those tests.</summary>
[Collection(BrowserCollection.Name)]
public sealed class ReconnectModalTests
{
    [Fact]
    public async Task WhenTheServerGoesAway_TheReconnectModalShowsReconnecting()
    {
        await using var app = await AppProcess.StartAsync();
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await BrowserFixture.LaunchChromiumAsync(playwright);
        var context = await browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = app.BaseUrl.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.Console += (_, m) => { if (m.Type == "error") lock (errors) errors.Add(m.Text); };

        await BrowserFixture.SignInAsync(page, AppProcess.AdminUser, AppProcess.AdminPassword);
        await BrowserFixture.WaitForCircuitAsync(page);
        var modal = page.GetByTestId("reconnect-modal");
        await Expect(modal).ToBeHiddenAsync();
        lock (errors) Assert.Empty(errors); // no CSP violation while the circuit started

        await app.KillAsync();

        await Expect(modal).ToHaveClassAsync(new System.Text.RegularExpressions.Regex(@"\bcomponents-reconnect-show\b"));
        await Expect(modal.GetByText("Connection to the server lost. Reconnecting…")).ToBeVisibleAsync();
        await Expect(modal.GetByText("The server restarted.")).ToBeHiddenAsync();
    }
}
