using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Web.Backtesting;
using KisTrader.Web.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Backtests;

/// <summary>What the page checks before a backtest starts, beyond the form itself: minute bars stored for the period and
/// instruments, and the prompt version (as the command line's <c>--prompt-version</c>).</summary>
public sealed class BacktestInputsTests
{
    private readonly InMemoryMarketHistory _history = new();
    private readonly InMemoryPromptVersionStore _prompts = new();
    private readonly BacktestInputs _inputs;

    public BacktestInputsTests()
    {
        var services = new ServiceCollection()
            .AddSingleton<IPromptStore>(_prompts)
            .AddSingleton<IStrategyRuleStore>(new InMemoryStrategyRuleStore());
        // The sections as the app registers them (IOptions of each).
        AppSettings.Load(new ConfigurationBuilder().Build()).Register(services);
        _inputs = new BacktestInputs(services.BuildServiceProvider(), new BacktestDefaults(new(), new(), ["005930"]), _history);
    }

    [Fact]
    public async Task Minute_resolution_starts_only_when_the_chosen_instruments_have_minute_bars_in_the_period()
    {
        var open = KrxCalendar.OpenOn(new DateOnly(2025, 6, 2));
        await _history.UpsertAsync([HistoryBar.OneMinute("005930", open, 70_000m, 70_100m, 69_900m, 70_000m, 1_000, 0m, "test", open.AddDays(1))]);
        var form = new BacktestForm { From = "2025-06-02", To = "2025-06-30", Resolution = BarResolution.Minute };

        var (request, llm, problems) = await _inputs.PrepareAsync(form);
        Assert.Empty(problems);
        Assert.Equal(BarResolution.Minute, request!.Resolution);
        Assert.Null(llm);

        form.Instruments = BacktestForm.List;
        form.Tickers = "000660";
        (request, _, problems) = await _inputs.PrepareAsync(form);
        Assert.Null(request);
        Assert.Equal(["Resolution: no minute bars stored for these instruments from 2025-06-02 to 2025-06-30; collect or import minute bars, or choose day."], problems);

        form.Instruments = BacktestForm.Watchlist;
        form.From = "2025-06-03";
        (request, _, problems) = await _inputs.PrepareAsync(form);
        Assert.Null(request);
        Assert.Single(problems);
    }

    [Fact]
    public async Task A_prompt_version_that_does_not_exist_is_refused_and_one_that_does_reaches_the_request()
    {
        await _prompts.AddAsync(new PromptVersion
        {
            PromptName = PromptVersion.DecisionPrompt, Version = 1, Text = "baseline prompt", Reason = "test", Author = "baseline",
            CreatedAt = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), IsActive = true,
        });
        var form = new BacktestForm { From = "2025-06-02", To = "2025-06-30", PromptVersion = 7 };

        var (request, _, problems) = await _inputs.PrepareAsync(form);
        Assert.Null(request);
        Assert.Equal(["Prompt version: the decision prompt has no version 7."], problems);

        form.PromptVersion = 1;
        (request, _, problems) = await _inputs.PrepareAsync(form);
        Assert.Empty(problems);
        Assert.Equal(1, request!.Prompt!.Version);
        Assert.Empty(request.StrategyRules);

        // Buy-and-hold runs no graph: no prompt is looked up for it.
        form.Engine = BacktestEngineKind.BuyAndHold;
        form.PromptVersion = 7;
        (request, _, problems) = await _inputs.PrepareAsync(form);
        Assert.Empty(problems);
        Assert.Null(request!.Prompt);
    }
}
