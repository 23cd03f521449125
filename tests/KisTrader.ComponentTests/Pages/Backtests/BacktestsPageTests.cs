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
    private readonly InMemoryMarketHistory _history = new();
    private readonly BacktestRuns _runs;

    public BacktestsPageTests()
    {
        _runs = new BacktestRuns(_history, _store, Clock, NullLogger<BacktestRuns>.Instance);
        Services.AddSingleton<IBacktestStore>(_store);
        Services.AddSingleton<IAuditLog>(_audit);
        Services.AddSingleton<IMarketHistory>(_history);
        Services.AddSingleton(_runs);
        Services.AddSingleton(new BacktestDefaults(new Core.Risk.RiskLimits(), new Core.Decisions.RulesEngineOptions(), ["005930", "000660"]));
        Services.AddSingleton<BacktestInputs>();
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
    public void Bad_codes_are_refused()
    {
        var form = new BacktestForm { From = "2025-01-02", To = "2025-12-30", Instruments = BacktestForm.List, Tickers = "005930,12" };

        Assert.Null(form.TryBuild(new BacktestDefaults(new(), new(), []), out var problems));
        Assert.Equal(["Instruments: '12' is not a six-character KRX code."], problems);
    }

    [Fact]
    public void The_llm_engine_in_fetch_mode_needs_a_budget_and_the_model_configured()
    {
        var form = new BacktestForm { From = "2025-01-02", To = "2025-12-30", Engine = BacktestEngineKind.Llm, LlmCache = BacktestForm.Fetch };

        Assert.Null(form.TryBuild(new BacktestDefaults(new(), new(), ["005930"], LlmConfigured: false), out var problems));
        Assert.Equal(["LLM budget: fetch mode needs the most model calls this run may make.",
            "LLM cache: fetch mode needs the model configured (Llm:ApiKey or Llm:Endpoint); replay needs none."], problems);

        form.LlmBudget = -1;
        Assert.Null(form.TryBuild(new BacktestDefaults(new(), new(), ["005930"], LlmConfigured: true), out problems));
        Assert.Equal(["LLM budget: 0 or more model calls."], problems);

        form.LlmBudget = 20;
        Assert.NotNull(form.TryBuild(new BacktestDefaults(new(), new(), ["005930"], LlmConfigured: true), out problems));
        Assert.Empty(problems);
    }

    [Fact]
    public void Replay_needs_no_model_and_its_budget_is_not_asked()
    {
        var form = new BacktestForm { From = "2025-01-02", To = "2025-12-30", Engine = BacktestEngineKind.Llm, LlmCache = BacktestForm.Replay, LlmBudget = -5 };

        var request = form.TryBuild(new BacktestDefaults(new(), new(), ["005930"], LlmConfigured: false), out var problems);

        Assert.Empty(problems);
        Assert.Equal(BacktestEngineKind.Llm, request!.Engine);
    }

    [Fact]
    public void Minute_resolution_and_its_cadence_reach_the_request_and_a_cadence_out_of_range_is_refused()
    {
        var form = new BacktestForm { From = "2025-06-02", To = "2025-06-30", Resolution = Core.History.BarResolution.Minute, CadenceMinutes = 15 };

        var request = form.TryBuild(new BacktestDefaults(new(), new(), ["005930"]), out var problems);
        Assert.Empty(problems);
        Assert.Equal((Core.History.BarResolution.Minute, 15), (request!.Resolution, request.CadenceMinutes));

        form.CadenceMinutes = 0;
        Assert.Null(form.TryBuild(new BacktestDefaults(new(), new(), ["005930"]), out problems));
        Assert.Equal(["Cadence: 1 to 389 minutes."], problems);
        // A day backtest ignores the cadence field (it is not shown).
        form.Resolution = Core.History.BarResolution.Day;
        Assert.Equal(30, form.TryBuild(new BacktestDefaults(new(), new(), ["005930"]), out _)!.CadenceMinutes);
    }

    [Fact]
    public async Task Minute_resolution_without_minute_bars_is_refused_on_the_page_before_anything_starts()
    {
        SignIn(Roles.Admin);
        RenderProviders();
        var cut = Render<BacktestsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-none]")));

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSelect<Core.History.BarResolution>>().Instance.ValueChanged.InvokeAsync(Core.History.BarResolution.Minute));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("input[data-testid=bt-cadence]")));
        cut.Find("[data-testid=bt-start]").Click();

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-problem]")));
        Assert.StartsWith("Resolution: no minute bars stored for these instruments from ", cut.Find("[data-testid=bt-problem]").TextContent);
        Assert.False(_runs.IsRunning);
        Assert.Null(_runs.Last);
        Assert.Empty(_audit.Entries);
    }

    [Fact]
    public async Task The_llm_fields_show_for_the_llm_engine_only_and_fetch_without_a_model_is_refused_on_the_page()
    {
        SignIn(Roles.Admin);
        RenderProviders();
        var cut = Render<BacktestsPage>();
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-none]")));
        Assert.Empty(cut.FindAll("[data-testid=bt-llm-cache]"));

        await cut.InvokeAsync(() => cut.FindComponent<MudBlazor.MudSelect<BacktestEngineKind>>().Instance.ValueChanged.InvokeAsync(BacktestEngineKind.Llm));
        cut.WaitForAssertion(() => Assert.NotEmpty(cut.FindAll("[data-testid=bt-llm-cache]")));
        Assert.Empty(cut.FindAll("input[data-testid=bt-llm-budget]"));
        await cut.InvokeAsync(() => cut.FindComponents<MudBlazor.MudSelect<string>>().Single(s => s.Instance.Label == "LLM answers").Instance.ValueChanged.InvokeAsync(BacktestForm.Fetch));
        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("input[data-testid=bt-llm-budget]")));
        cut.Find("input[data-testid=bt-llm-budget]").Change("10");
        cut.Find("[data-testid=bt-start]").Click();

        cut.WaitForAssertion(() => Assert.Equal(["LLM cache: fetch mode needs the model configured (Llm:ApiKey or Llm:Endpoint); replay needs none."],
            cut.FindAll("[data-testid=bt-problem]").Select(p => p.TextContent)));
        Assert.False(_runs.IsRunning);
        Assert.Empty(_audit.Entries);
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
