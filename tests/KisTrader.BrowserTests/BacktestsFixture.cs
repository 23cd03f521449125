using KisTrader.Testing;
using Microsoft.Playwright;

namespace KisTrader.BrowserTests;

/// <summary>Its own app for the Backtests page: the test collects history, and a collection in the shared app would
/// leave the Data page's test only an incremental one, too quick to see its progress.</summary>
public sealed class BacktestsFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    /// <summary>Browser console errors and uncaught page errors of every page.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        App = await AppProcess.StartAsync();
        _playwright = await Playwright.CreateAsync();
        Browser = await BrowserFixture.LaunchChromiumAsync(_playwright);
    }

    public async Task<IPage> NewPageAsync()
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            BaseURL = App.BaseUrl.ToString(),
            ViewportSize = new ViewportSize { Width = 1440, Height = 900 },
        });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        page.Console += (_, msg) => { if (msg.Type == "error") lock (ConsoleErrors) ConsoleErrors.Add(msg.Text); };
        page.PageError += (_, err) => { lock (ConsoleErrors) ConsoleErrors.Add(err); };
        return page;
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}
