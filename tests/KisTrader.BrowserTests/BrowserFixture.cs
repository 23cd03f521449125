using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Playwright;

namespace KisTrader.BrowserTests;

/// <summary>Debian's Chromium driven by Playwright against the real app on a loopback port.</summary>
public sealed class BrowserFixture : IAsyncLifetime
{
    public const string ChromiumPath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    public IBrowser Browser { get; private set; } = default!;
    public AppProcess App { get; private set; } = default!;
    /// <summary>Browser console errors and uncaught page errors of every page (CSP violations land here).</summary>
    public List<string> ConsoleErrors { get; } = [];

    /// <summary>Saves a screenshot when KISTRADER_SCREENSHOTS names a folder (for a person to look at).</summary>
    public static async Task ScreenshotAsync(IPage page, string name)
    {
        var dir = Environment.GetEnvironmentVariable("KISTRADER_SCREENSHOTS");
        if (string.IsNullOrEmpty(dir)) return;
        Directory.CreateDirectory(dir);
        await page.ScreenshotAsync(new() { Path = Path.Combine(dir, name + ".png"), FullPage = true });
    }

    public async Task InitializeAsync()
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException("Chromium is missing: run ./test.sh (it installs Debian's chromium).");
        var workDir = AppProcess.NewWorkDir();
        await SeedTradesAsync(Path.Combine(workDir, "data", "kistrader.db"));
        App = await AppProcess.StartAsync(workDir: workDir);
        _playwright = await Playwright.CreateAsync();
        Browser = await LaunchChromiumAsync(_playwright);
    }

    public static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
            throw new InvalidOperationException("Chromium is missing: run ./test.sh (it installs Debian's chromium).");
        return playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"],
        });
    }

    /// <summary>Four trades: 1 hour, 3 days, 20 days and 200 days old, so each period shows a different count.</summary>
    private static async Task SeedTradesAsync(string dbFile)
    {
        Directory.CreateDirectory(Path.GetDirectoryName(dbFile)!);
        var cs = $"Data Source={dbFile}";
        var factory = new SqliteContextFactory(cs);
        await new DatabaseInitializer(factory).InitializeAsync();
        var store = new EfTradeStore(factory);
        var now = DateTimeOffset.UtcNow;
        var ages = new[] { TimeSpan.FromHours(1), TimeSpan.FromDays(3), TimeSpan.FromDays(20), TimeSpan.FromDays(200) };
        for (var i = 0; i < ages.Length; i++)
        {
            await store.InsertAsync(new TradeRecord
            {
                TradeId = $"seed-{i}",
                Timestamp = now - ages[i],
                Ticker = i % 2 == 0 ? "005930" : "000660",
                Action = i == 1 ? TradeAction.Sell : TradeAction.Buy,
                Quantity = 10 + i,
                Price = 70_000m + i * 100m,
                JustificationText = $"Seeded trade {i}: RSI oversold bounce",
                MarketSnapshot = """{"rsi14":28}""",
                PortfolioBefore = """{"cash":100000000}""",
                Pnl7Days = i == 2 ? -12_345m : null,
            });
        }
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
    }

    /// <param name="watchConsole">false for a page that is meant to meet errors (a refused request logs "Failed to load
    /// resource … 403" in the console): <see cref="ConsoleErrors"/> is shared by every test of the fixture, and such
    /// a page would fail the others' "no console errors" checks, depending on the order the tests ran in.</param>
    public async Task<IPage> NewPageAsync(bool watchConsole = true)
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions { BaseURL = App.BaseUrl.ToString() });
        context.SetDefaultTimeout(20_000);
        var page = await context.NewPageAsync();
        if (!watchConsole) return page;
        page.Console += (_, msg) => { if (msg.Type == "error") lock (ConsoleErrors) ConsoleErrors.Add(msg.Text); };
        page.PageError += (_, err) => { lock (ConsoleErrors) ConsoleErrors.Add(err); };
        return page;
    }

    public static async Task SignInAsync(IPage page, string user, string password)
    {
        await page.GotoAsync("/account/login");
        await page.GetByTestId("login-user").FillAsync(user);
        await page.GetByTestId("login-password").FillAsync(password);
        await page.GetByTestId("login-submit").ClickAsync();
    }

    /// <summary>The signed-in user's antiforgery token as a request header, for API calls with the page's cookies (the app
    /// refuses cookie-authenticated API posts without it). Read from the account page's form, as a page of ours has it.</summary>
    public static async Task<Dictionary<string, string>> AntiforgeryHeaderAsync(IPage page)
    {
        var account = await page.Context.APIRequest.GetAsync("/account/password");
        var token = AppProcess.FormToken(await account.TextAsync());
        if (token.Length == 0) throw new InvalidOperationException($"No antiforgery token on /account/password ({account.Status}).");
        return new() { [AppProcess.CsrfHeader] = token };
    }

    /// <summary>
    /// Waits until the Blazor circuit is live: the status-strip clock ticks only over the circuit,
    /// so a changed clock proves clicks will reach the server.
    /// </summary>
    public static async Task WaitForCircuitAsync(IPage page)
    {
        var clock = page.GetByTestId("status-clock");
        var first = await clock.TextContentAsync();
        await Assertions.Expect(clock).Not.ToHaveTextAsync(first ?? "", new() { Timeout = 20_000 });
    }

    public async Task DisposeAsync()
    {
        if (Browser is not null) await Browser.DisposeAsync();
        _playwright?.Dispose();
        if (App is not null) await App.DisposeAsync();
    }

}

/// <summary>Contexts over the SQLite file a fixture prepares before it starts the app.</summary>
internal sealed class SqliteContextFactory(string cs) : IDbContextFactory<KisTraderDbContext>
{
    public KisTraderDbContext CreateDbContext() => DataServiceCollectionExtensions.CreateContext(DatabaseProvider.Sqlite, cs);
}

[CollectionDefinition(Name)]
public sealed class BrowserCollection : ICollectionFixture<BrowserFixture>
{
    public const string Name = "Browser";
}
