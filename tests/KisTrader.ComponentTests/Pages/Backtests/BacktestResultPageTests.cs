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
