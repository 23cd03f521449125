using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Market;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Market;

public sealed class OrderBookViewTests : ComponentTest
{
    private readonly FakeMarketData market = new();
    private readonly FakeRealtimeFeed feed = new();
    private readonly OrderBookCache cache = new();

    public OrderBookViewTests()
    {
        Services.AddSingleton<IMarketData>(market);
        Services.AddSingleton<IRealtimeFeed>(feed);
        Services.AddSingleton(cache);
        Services.AddSingleton<OrderBookSubscriptions>();
    }

    private OrderBookSnapshot Book(string ticker, decimal bestAsk, decimal bestBid) => new(ticker, Clock.GetUtcNow(),
        [new BookLevel(bestAsk, 10), new BookLevel(bestAsk + 100m, 20)], [new BookLevel(bestBid, 30), new BookLevel(bestBid - 100m, 40)], 30, 70);

    [Fact]
    public void WithoutALiveBook_ShowsTheSnapshot_AsksAboveBids_AndSubscribesTheFeed()
    {
        market.Books["005930"] = Book("005930", 70_100m, 70_000m);
        var cut = Render<OrderBookView>(p => p.Add(v => v.Ticker, "005930"));

        Assert.Equal(["70,200", "70,100"], cut.FindAll("[data-testid=book-ask] td:nth-child(2)").Select(c => c.TextContent));
        Assert.Equal(["70,000", "69,900"], cut.FindAll("[data-testid=book-bid] td:nth-child(2)").Select(c => c.TextContent));
        Assert.Equal("snapshot, live updates follow", cut.Find("[data-testid=book-source]").TextContent);
        Assert.Equal(["005930"], feed.OrderBookSubscriptions);
    }

    [Fact]
    public void ABookFromTheFeed_ReplacesTheSnapshot_OnlyForItsTicker()
    {
        market.Books["005930"] = Book("005930", 70_100m, 70_000m);
        var cut = Render<OrderBookView>(p => p.Add(v => v.Ticker, "005930"));

        Bus.Publish(new OrderBookReceived(Book("000660", 200_100m, 200_000m)));
        Bus.Publish(new OrderBookReceived(Book("005930", 70_300m, 70_200m)));
        Clock.Advance(TimeSpan.FromSeconds(1)); // the view renders live data at most every RenderInterval

        cut.WaitForAssertion(() => Assert.Equal("70,200", cut.Find("[data-testid=book-bid] td:nth-child(2)").TextContent));
        Assert.Equal("live", cut.Find("[data-testid=book-source]").TextContent);
    }

    [Fact]
    public void ACachedBook_IsShownWithoutAskingTheBroker()
    {
        cache.Update(Book("005930", 70_100m, 70_000m));
        var cut = Render<OrderBookView>(p => p.Add(v => v.Ticker, "005930"));
        Assert.Equal(2, cut.FindAll("[data-testid=book-bid]").Count);
        Assert.Equal("live", cut.Find("[data-testid=book-source]").TextContent);
        Assert.Empty(market.BooksAsked);
    }

    [Fact]
    public void NoRealtimeSlotFree_SaysTheBookIsASnapshot()
    {
        feed.FreeSlots = 0;
        market.Books["005930"] = Book("005930", 70_100m, 70_000m);
        var cut = Render<OrderBookView>(p => p.Add(v => v.Ticker, "005930"));
        Assert.Equal("snapshot (no realtime slot free)", cut.Find("[data-testid=book-source]").TextContent);
        Assert.Single(cut.FindAll("[data-testid=order-book]"));
    }

    [Fact]
    public void ABookThatCannotBeLoaded_SaysWhy()
    {
        market.Fail = new HttpRequestException("rate limited");
        var cut = Render<OrderBookView>(p => p.Add(v => v.Ticker, "005930"));
        Assert.Empty(cut.FindAll("[data-testid=order-book]"));
        Assert.Contains("The order book could not be loaded: rate limited", cut.Markup);
    }

    [Fact]
    public async Task AnotherTicker_MovesTheSubscription_AndDisposingReleasesIt()
    {
        market.Books["005930"] = Book("005930", 70_100m, 70_000m);
        market.Books["000660"] = Book("000660", 200_100m, 200_000m);
        var cut = Render<OrderBookView>(p => p.Add(v => v.Ticker, "005930"));
        cut.Render(p => p.Add(v => v.Ticker, "000660"));
        cut.WaitForAssertion(() => Assert.Equal(["000660"], feed.OrderBookSubscriptions));
        Assert.Equal("200,000", cut.Find("[data-testid=book-bid] td:nth-child(2)").TextContent);

        await DisposeComponentsAsync();
        Assert.Empty(feed.OrderBookSubscriptions);
    }
}
