using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Market;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Market;

public sealed class MarketPageTests : ComponentTest
{
    private readonly FakeMarketData market = new();
    private readonly FakeRealtimeFeed feed = new();
    private readonly BunitJSInterop chart;

    public MarketPageTests()
    {
        Services.AddSingleton(new TradingOptions { Watchlist = ["005930", "000660"] });
        Services.AddSingleton<IMarketData>(market);
        Services.AddSingleton<IRealtimeFeed>(feed);
        Services.AddSingleton(new TickCache());
        Services.AddSingleton<TickerNames>();
        Services.AddSingleton(new OrderBookCache());
        Services.AddSingleton<OrderBookSubscriptions>();
        chart = JSInterop.SetupModule("./lib/kistrader/market-chart.js").SetupModule(i => i.Identifier == "createChart");
        chart.Mode = JSRuntimeMode.Loose;
        foreach (var (ticker, price) in new[] { ("005930", 70_000m), ("000660", 200_000m) })
            market.Books[ticker] = new OrderBookSnapshot(ticker, Clock.GetUtcNow(), [new BookLevel(price + 100m, 1)], [new BookLevel(price, 2)], 1, 2);
    }

    [Fact]
    public void ShowsTheWatchlist_TheRankings_AndTheChartAndBookOfTheFirstTicker()
    {
        SignIn(Roles.Viewer);
        var cut = Render<MarketPage>();
        Assert.Equal(["005930", "000660"], cut.FindAll("[data-testid=watch-row]").Select(r => r.GetAttribute("data-ticker")));
        Assert.Contains("selected", cut.Find("[data-testid=watch-row][data-ticker='005930']").ClassName);
        Assert.Equal(3, cut.FindAll("[data-testid=ranking-row]").Count);
        Assert.Equal("70,000", cut.Find("[data-testid=book-bid] td:nth-child(2)").TextContent);
        cut.WaitForAssertion(() => Assert.Equal("005930", chart.VerifyInvoke("show").Arguments[0]));
    }

    [Fact]
    public void ChoosingAnotherTicker_MovesTheChartAndTheBookToIt()
    {
        SignIn(Roles.Viewer);
        var cut = Render<MarketPage>();
        cut.Find("[data-testid=watch-row][data-ticker='000660']").Click();

        cut.WaitForAssertion(() => Assert.Equal("200,000", cut.Find("[data-testid=book-bid] td:nth-child(2)").TextContent));
        Assert.Contains("selected", cut.Find("[data-testid=watch-row][data-ticker='000660']").ClassName);
        cut.WaitForAssertion(() => Assert.Equal("000660", chart.VerifyInvoke("show", calledTimes: 2)[1].Arguments[0]));
        Assert.Equal(["000660"], feed.OrderBookSubscriptions);
    }
}
