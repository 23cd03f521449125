using System.Text.Json;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Market;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Market;

public sealed class PriceChartTests : ComponentTest
{
    private readonly FakeMarketData market = new();
    private readonly BunitJSInterop module;
    private readonly BunitJSInterop chart;

    public PriceChartTests()
    {
        Services.AddSingleton<IMarketData>(market);
        // The lightweight-charts module and the chart object it creates: their calls are what the page sends the browser.
        module = JSInterop.SetupModule("./lib/kistrader/market-chart.js");
        chart = module.SetupModule(i => i.Identifier == "createChart");
        chart.Mode = JSRuntimeMode.Loose;
    }

    private static Bar Daily(int year, int month, int day, decimal close) =>
        new(new DateTimeOffset(year, month, day, 6, 30, 0, TimeSpan.Zero), close - 100m, close + 200m, close - 300m, close, 1_000, close * 1_000);

    [Fact]
    public void LoadsAYearOfDailyBars_AndHandsThemToTheChart_AsDatedCandles()
    {
        market.Bars["005930"] = [Daily(2026, 12, 3, 70_000m), Daily(2026, 12, 4, 71_000m)];
        var cut = Render<PriceChart>(p => p.Add(c => c.Ticker, "005930"));

        cut.WaitForAssertion(() => chart.VerifyInvoke("show"));
        var show = chart.VerifyInvoke("show");
        Assert.Equal("005930", show.Arguments[0]);
        Assert.Equal(
            """[{"date":"2026-12-03","open":69900,"high":70200,"low":69700,"close":70000},{"date":"2026-12-04","open":70900,"high":71200,"low":70700,"close":71000}]""",
            JsonSerializer.Serialize(show.Arguments[1], JsonSerializerOptions.Web));
        Assert.Equal([("005930", new DateOnly(2025, 12, 7), new DateOnly(2026, 12, 7))], market.BarsAsked);
        Assert.Single(cut.FindAll("[data-testid=price-chart]"));
        Assert.Empty(cut.FindAll("[data-testid=chart-error]"));
    }

    [Fact]
    public void AnotherTicker_ReusesTheChart_AndShowsItsBars()
    {
        var cut = Render<PriceChart>(p => p.Add(c => c.Ticker, "005930"));
        cut.WaitForAssertion(() => chart.VerifyInvoke("show"));
        cut.Render(p => p.Add(c => c.Ticker, "000660"));

        cut.WaitForAssertion(() => chart.VerifyInvoke("show", calledTimes: 2));
        var shows = chart.VerifyInvoke("show", calledTimes: 2);
        Assert.Equal(["005930", "000660"], shows.Select(s => s.Arguments[0]));
        module.VerifyInvoke("createChart", calledTimes: 1);
    }

    [Fact]
    public void NoTicker_LoadsNothing()
    {
        Render<PriceChart>(p => p.Add(c => c.Ticker, ""));
        Assert.Empty(market.BarsAsked);
        Assert.Empty(JSInterop.Invocations);
    }

    [Fact]
    public void BarsThatCannotBeLoaded_SayWhy()
    {
        market.Fail = new HttpRequestException("rate limited");
        var cut = Render<PriceChart>(p => p.Add(c => c.Ticker, "005930"));
        cut.WaitForAssertion(() => Assert.Equal("Daily bars could not be loaded: rate limited", cut.Find("[data-testid=chart-error]").TextContent));
        chart.VerifyNotInvoke("show");
    }

    [Fact]
    public async Task Disposing_DisposesTheChartInTheBrowser()
    {
        var cut = Render<PriceChart>(p => p.Add(c => c.Ticker, "005930"));
        cut.WaitForAssertion(() => chart.VerifyInvoke("show"));
        await DisposeComponentsAsync();
        chart.VerifyInvoke("dispose");
    }
}
