using KisTrader.Core.InMemory;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Backtests;
using KisTrader.Web.Identity;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Backtests;

public sealed class BacktestResultPageTests : ComponentTest
{
    private readonly InMemoryBacktestStore _store = new();

    public BacktestResultPageTests()
    {
        Services.AddSingleton<IBacktestStore>(_store);
        SignIn(Roles.Viewer);
    }

    [Fact]
    public async Task A_backtest_without_a_drawdown_shows_zero_not_minus_zero()
    {
        var stored = BacktestSamples.Stored("flat");
        await _store.SaveAsync(stored with { Report = stored.Report with { Metrics = stored.Report.Metrics with { MaxDrawdown = 0 } } });

        var cut = Render<BacktestResultPage>(p => p.Add(c => c.Id, "flat"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-result]")));
        Assert.Equal("0.00%", cut.Find("[data-metric='Max drawdown']").QuerySelectorAll("td")[1].TextContent.Trim());
    }

    [Fact]
    public async Task A_stored_report_shows_its_metrics_beside_the_benchmarks_and_every_chart_container()
    {
        await _store.SaveAsync(BacktestSamples.Stored("bt1"));

        var cut = Render<BacktestResultPage>(p => p.Add(c => c.Id, "bt1"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-result]")));
        Assert.Equal(["Strategy", "Buy and hold", "Index"], cut.FindAll("[data-testid=metrics-column]").Select(th => th.TextContent));
        var total = cut.Find("[data-metric='Total return']").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Total return", "0.41%", "1.20%", "—"], total);
        var tax = cut.Find("[data-metric='Tax (KRW)']").QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["Tax (KRW)", "7,200", "7,200", "—"], tax);
        Assert.Equal("-3.10%", cut.Find("[data-metric='Max drawdown']").QuerySelectorAll("td")[1].TextContent.Trim());
        foreach (var chart in new[] { "bt-equity-chart", "bt-drawdown-chart", "bt-contribution-chart" })
            Assert.Single(cut.FindAll($"[data-testid={chart}]"));
        Assert.Equal(["-0.2%", "+0.6%"], cut.FindAll("[data-testid=month-cell]").Select(td => td.TextContent.Trim()));
        Assert.Equal(["Rule trend_momentum: price above the 20-day average", "Rule take_profit: +58%"],
            cut.FindAll("[data-testid=order-justification]").Select(td => td.TextContent.Trim()));
        Assert.Contains("no index bars stored", cut.Markup);
    }

    [Fact]
    public async Task A_minute_llm_backtest_shows_its_resolution_cadence_prompt_version_and_cache_misses()
    {
        var sample = BacktestSamples.Stored("m1");
        var request = sample.Report.Request with { Engine = "llm", Resolution = "minute", DecisionTime = "Every15Minutes", PromptVersion = 3, StrategyRules = ["rule-a", "rule-b"] };
        await _store.SaveAsync(sample with { Report = sample.Report with { Request = request, LlmCacheMisses = 2 } });

        var cut = Render<BacktestResultPage>(p => p.Add(c => c.Id, "m1"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-result]")));
        Assert.Equal("minute", cut.Find("[data-testid=bt-resolution]").GetAttribute("data-value"));
        Assert.Equal("every 15 minutes from 09:00", cut.Find("[data-testid=bt-decision-time]").TextContent.Trim());
        Assert.Equal("v3; strategy rules enforced: rule-a, rule-b", cut.Find("[data-testid=bt-prompt]").TextContent.Trim());
        Assert.Equal("2", cut.Find("[data-testid=bt-llm-misses]").GetAttribute("data-value"));
        Assert.StartsWith("llm engine", cut.Find("[data-testid=bt-inputs]").TextContent.Trim());
    }

    [Fact]
    public async Task A_daily_rules_backtest_shows_its_decision_time_and_no_cache_line()
    {
        await _store.SaveAsync(BacktestSamples.Stored("d1"));

        var cut = Render<BacktestResultPage>(p => p.Add(c => c.Id, "d1"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-result]")));
        Assert.Equal(("day", "at the open", "none"), (cut.Find("[data-testid=bt-resolution]").GetAttribute("data-value"),
            cut.Find("[data-testid=bt-decision-time]").TextContent.Trim(), cut.Find("[data-testid=bt-prompt]").TextContent.Trim()));
        Assert.Empty(cut.FindAll("[data-testid=bt-llm-misses]"));
    }

    [Fact]
    public void An_unknown_id_says_so_instead_of_rendering_an_empty_result()
    {
        var cut = Render<BacktestResultPage>(p => p.Add(c => c.Id, "nope"));

        cut.WaitForAssertion(() => Assert.Contains("No backtest nope is stored.", cut.Find("[data-testid=bt-result-error]").TextContent));
        Assert.Empty(cut.FindAll("[data-testid=metrics-table]"));
    }

    [Fact]
    public async Task Two_backtests_compare_side_by_side_with_one_equity_chart()
    {
        await _store.SaveAsync(BacktestSamples.Stored("a1"));
        await _store.SaveAsync(BacktestSamples.Stored("b2"));

        var cut = Render<BacktestComparePage>(p => p.Add(c => c.A, "a1").Add(c => c.B, "b2"));

        cut.WaitForAssertion(() => Assert.Single(cut.FindAll("[data-testid=bt-compare-view]")));
        Assert.Equal(["A", "B", "Buy and hold (A)", "Index (A)"], cut.FindAll("[data-testid=metrics-column]").Select(th => th.TextContent));
        Assert.Single(cut.FindAll("[data-testid=bt-compare-chart]"));
    }
}
