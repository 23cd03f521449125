using KisTrader.Testing;
using Microsoft.Playwright;

namespace KisTrader.BrowserTests;

/// <summary>A test class's own app and Chromium, for pages whose tests change what the shared app shows (history
/// collected, bars stored). Subclasses say how their app starts; pages are 1440 × 900 and their console is watched.</summary>
public abstract class OwnAppFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    /// <summary>Browser console errors and uncaught page errors of every page.</summary>
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Starts the app (and whatever it needs first).</summary>
    protected abstract Task<AppProcess> StartAppAsync();

    public async Task InitializeAsync()
    {
        App = await StartAppAsync();
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

    public virtual async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }
}
