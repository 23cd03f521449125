using KisTrader.Core.Backtesting;
using KisTrader.Core.InMemory;
using KisTrader.Core.Ports;
using KisTrader.Web.Backtesting;
using KisTrader.Web.Components.Pages.Backtests;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.ComponentTests.Pages.Backtests;

public sealed class BacktestsPageTests : ComponentTest
{
    private readonly InMemoryBacktestStore _store = new();
    private readonly FakeAuditLog _audit = new();
    private readonly BacktestRuns _runs;

    public BacktestsPageTests()
    {
        _runs = new BacktestRuns(new InMemoryMarketHistory(), _store, Clock, NullLogger<BacktestRuns>.Instance);
        Services.AddSingleton<IBacktestStore>(_store);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton(_runs);
        Services.AddSingleton(new BacktestDefaults(new Core.Risk.RiskLimits(), new Core.Decisions.RulesEngineOptions(), ["005930", "000660"]));
    }

    [Fact]
    public async Task A_viewer_sees_the_stored_backtests_but_no_form()
    {
        await _store.SaveAsync(BacktestSamples.Stored("bt1"));
        SignIn(Roles.Viewer);

        var cut = Render<BacktestsPage>();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-row]")));
        Assert.Equal("bt1", cut.Find("[data-testid=bt-row]").GetAttribute("data-id"));
        Assert.Empty(cut.FindAll("[data-testid=bt-start]"));
    }

    [Fact]
    public void A_bad_form_lists_each_problem_by_field_and_starts_nothing()
    {
        SignIn(Roles.Admin);
        RenderProviders();
        var cut = Render<BacktestsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-none]")));

        cut.Find("input[data-testid=bt-from]").Change("2026-02-30");
        cut.Find("input[data-testid=bt-to]").Change("2026-01-31");
        cut.Find("input[data-testid=bt-cash]").Change("0");
        cut.Find("[data-testid=bt-start]").Click();

        var problems = cut.FindAll("[data-testid=bt-problem]").Select(p => p.TextContent).ToList();
        Assert.Equal(["From: a date in the format yyyy-MM-dd.", "Initial cash must be positive."], problems);
        Assert.False(_runs.IsRunning);
        Assert.Null(_runs.Last);
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public void From_after_to_is_refused()
    {
        var form = new BacktestForm { From = "2026-03-01", To = "2026-02-01" };

        Assert.Null(form.TryBuild(new BacktestDefaults(new(), new(), ["005930"]), out var problems));
        Assert.Equal(["From must not be after To."], problems);
    }

    [Fact]
    public void A_list_of_codes_and_the_costs_reach_the_request()
    {
        var form = new BacktestForm { From = "2025-01-02", To = "2025-12-30", Instruments = BacktestForm.List, Tickers = "005930, 000660,005930", SlippageTicks = 2, CommissionPercent = 0.015m };

        var request = form.TryBuild(new BacktestDefaults(new(), new(), ["035420"]), out var problems);

        Assert.Empty(problems);
        Assert.NotNull(request);
        Assert.Equal(["005930", "000660"], request.Tickers);
        Assert.Equal(2, request.Slippage.Ticks);
        Assert.Equal(0.00015m, request.CommissionRate);
        Assert.Equal(BacktestEngineKind.Rules, request.Engine);
    }

    [Fact]
    public void The_llm_engine_and_bad_codes_are_refused()
    {
        var form = new BacktestForm { From = "2025-01-02", To = "2025-12-30", Instruments = BacktestForm.List, Tickers = "005930,12", Engine = BacktestEngineKind.Llm };

        Assert.Null(form.TryBuild(new BacktestDefaults(new(), new(), []), out var problems));
        Assert.Equal(["Instruments: '12' is not a six-character KRX code.", "Engine: the LLM engine is not available here yet (it needs the LLM response cache)."], problems);
    }

    [Fact]
    public void A_start_without_history_is_audited_and_ends_failed_with_the_reason_on_the_page()
    {
        SignIn(Roles.Admin);
        RenderProviders();
        var cut = Render<BacktestsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-none]")));

        cut.Find("[data-testid=bt-start]").Click();

        cut.WaitForAssertion(() => Assert.Equal("failed", cut.Find("[data-testid=bt-last]").GetAttribute("data-status")), TimeSpan.FromSeconds(10));
        var entry = Assert.Single(_audit.Entries);
        Assert.Equal(("backtest.start", AdminName), (entry.Action, entry.Actor));
        Assert.Contains("Rules", entry.Details);
        Assert.Empty(cut.FindAll("[data-testid=bt-progress]"));
        Assert.Single(cut.FindAll("[data-testid=bt-none]"));
    }
}
