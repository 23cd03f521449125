using KisTrader.BrowserTests.Trading;
using KisTrader.Data.Stores;
using KisTrader.Testing;
using KisTrader.Testing.Backtesting;
using Microsoft.Playwright;

namespace KisTrader.BrowserTests;

/// <summary>Its own app for the Backtests page's options: minute bars of two synthetic instruments stored in its
/// database before the tests (what <c>collect</c> or an import would store; no simulator collection), no schedule (no
/// live run calls the model), and the LLM engine's model is <see cref="PlanChatServer"/> in this process, which a test
/// can make hold its answers so that a backtest cannot finish before it is cancelled.</summary>
public sealed class BacktestOptionsFixture : IAsyncLifetime
{
    private IPlaywright? _playwright;
    public AppProcess App { get; private set; } = default!;
    public IBrowser Browser { get; private set; } = default!;
    public PlanChatServer Llm { get; private set; } = default!;
    /// <summary>The trading days of the stored minute bars.</summary>
    public IReadOnlyList<DateOnly> Sessions { get; private set; } = [];
    public IReadOnlyList<string> Tickers { get; private set; } = [];
    /// <summary>Browser console errors and uncaught page errors of every page.</summary>
    public List<string> ConsoleErrors { get; } = [];

    public async Task InitializeAsync()
    {
        Llm = await PlanChatServer.StartAsync();
        var (bars, dates) = MinuteWalks.Generate(2, 30, new DateOnly(2025, 6, 2));
        // The model's plans buy one of the backtest's instruments, so they pass the guard and are valid decisions.
        Llm.Ticker = bars.Keys.First();
        App = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Trading__ScheduleEnabled"] = "false",
            ["Llm__Endpoint"] = Llm.Endpoint.ToString(),
        });
        // The app created and migrated its database before listening.
        await new EfMarketHistory(new SqliteContextFactory($"Data Source={App.DatabaseFile}")).UpsertAsync(MinuteWalks.Rows(bars));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        (Sessions, Tickers) = (dates, [.. bars.Keys]);
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
        if (Llm is not null) await Llm.DisposeAsync();
    }
}
