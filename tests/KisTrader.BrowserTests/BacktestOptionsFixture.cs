using KisTrader.BrowserTests.Trading;
using KisTrader.Data.Stores;
using KisTrader.Testing;
using KisTrader.Testing.Backtesting;

namespace KisTrader.BrowserTests;

/// <summary>Its own app for the Backtests page's options: minute bars of two synthetic instruments stored in its
/// database before the tests (what <c>collect</c> or an import would store; no simulator collection), no schedule (no
/// live run calls the model), and the LLM engine's model is <see cref="PlanChatServer"/> in this process, which a test
/// can make hold its answers so that a backtest cannot finish before it is cancelled.</summary>
public sealed class BacktestOptionsFixture : OwnAppFixture
{
    public PlanChatServer Llm { get; private set; } = default!;
    /// <summary>The trading days of the stored minute bars.</summary>
    public IReadOnlyList<DateOnly> Sessions { get; private set; } = [];
    public IReadOnlyList<string> Tickers { get; private set; } = [];

    protected override async Task<AppProcess> StartAppAsync()
    {
        Llm = await PlanChatServer.StartAsync();
        var (bars, dates) = MinuteWalks.Generate(2, 30, new DateOnly(2025, 6, 2));
        // The model's plans buy one of the backtest's instruments, so they pass the guard and are valid decisions.
        Llm.Ticker = bars.Keys.First();
        var app = await AppProcess.StartAsync(new Dictionary<string, string>
        {
            ["Trading__ScheduleEnabled"] = "false",
            ["Llm__Endpoint"] = Llm.Endpoint.ToString(),
        });
        // The app created and migrated its database before listening.
        await new EfMarketHistory(new SqliteContextFactory($"Data Source={app.DatabaseFile}")).UpsertAsync(MinuteWalks.Rows(bars));
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        (Sessions, Tickers) = (dates, [.. bars.Keys]);
        return app;
    }

    public override async Task DisposeAsync()
    {
        await base.DisposeAsync();
        if (Llm is not null) await Llm.DisposeAsync();
    }
}
