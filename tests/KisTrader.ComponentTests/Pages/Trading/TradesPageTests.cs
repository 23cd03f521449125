using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Web.Components.Pages.Trading;
using KisTrader.Web.Dashboard;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;
using static KisTrader.ComponentTests.FakeTradeStore;

namespace KisTrader.ComponentTests.Pages.Trading;

public sealed class TradesPageTests : ComponentTest
{
    private readonly FakeTradeStore store = new();

    public TradesPageTests()
    {
        Services.AddSingleton<ITradeStore>(store);
        Services.AddSingleton(new RecordedTrades(store, Clock));
        Services.AddSingleton<TickerNames>();
        SignIn(Roles.Viewer);
    }

    private void Seed(int count)
    {
        for (var i = 0; i < count; i++)
            store.Trades.Add(Trade($"t{i:00}", Clock.GetUtcNow().AddHours(-i), ticker: i % 2 == 0 ? "005930" : "000660",
                action: i % 3 == 0 ? TradeAction.Sell : TradeAction.Buy, price: 1_000m + i, pnl7: i == 4 ? -500m : null));
    }

    [Fact]
    public void ShowsTheFirstPageNewestFirst_WithTotalsOverEveryMatchingTrade()
    {
        Seed(30);
        var cut = Render<TradesPage>();
        var rows = cut.FindAll("[data-testid=trade-row]");
        Assert.Equal(TradesPage.PageSize, rows.Count);
        Assert.Equal("t00", rows[0].GetAttribute("data-trade"));
        Assert.Equal("30", cut.Find("[data-testid=trades-count]").TextContent.Trim());
        Assert.Equal("-500", cut.Find("[data-testid=trades-pnl7]").TextContent.Trim());
        Assert.Equal("1–25 of 30", cut.Find("[data-testid=trades-range]").TextContent.Trim());
        // The store was asked for one page, not for every trade.
        var q = Assert.Single(store.Queries);
        Assert.Equal((0, TradesPage.PageSize, TradeSort.Timestamp, true), (q.Skip, q.Take, q.Sort, q.Descending));
    }

    [Fact]
    public void TheNextPage_IsReadFromTheStore()
    {
        Seed(30);
        var cut = Render<TradesPage>();
        cut.Find("[data-testid=trades-pager] button[aria-label='Next page']").Click();
        cut.WaitForAssertion(() => Assert.Equal(5, cut.FindAll("[data-testid=trade-row]").Count));
        Assert.Equal(25, store.Queries[^1].Skip);
        Assert.Equal("26–30 of 30", cut.Find("[data-testid=trades-range]").TextContent.Trim());
    }

    [Fact]
    public void AColumnHeader_SortsOnTheServer_AndAgainReverses()
    {
        Seed(30);
        var cut = Render<TradesPage>();
        cut.Find("[data-testid=sort-Price]").Click();
        cut.WaitForAssertion(() => Assert.Equal("t29", cut.FindAll("[data-testid=trade-row]")[0].GetAttribute("data-trade")));
        Assert.Equal((TradeSort.Price, true), (store.Queries[^1].Sort, store.Queries[^1].Descending));
        cut.Find("[data-testid=sort-Price]").Click();
        cut.WaitForAssertion(() => Assert.Equal("t00", cut.FindAll("[data-testid=trade-row]")[0].GetAttribute("data-trade")));
        Assert.Equal((TradeSort.Price, false), (store.Queries[^1].Sort, store.Queries[^1].Descending));
    }

    [Fact]
    public void TheTickerFilter_GoesToTheStore_AndStartsAtPageOne()
    {
        Seed(30);
        var cut = Render<TradesPage>();
        cut.Find("input[data-testid=trades-ticker]").Change("000660");
        cut.WaitForAssertion(() => Assert.Equal("15", cut.Find("[data-testid=trades-count]").TextContent.Trim()));
        Assert.Equal("000660", store.Queries[^1].Filter?.Ticker);
        Assert.Equal(0, store.Queries[^1].Skip);
        Assert.All(cut.FindAll("[data-testid=trade-row]"), r => Assert.Equal("000660", r.GetAttribute("data-ticker")));
    }

    [Fact]
    public void ClickingARow_ShowsItsJustificationSnapshotAndPortfolio()
    {
        Seed(3);
        var cut = Render<TradesPage>();
        Assert.Empty(cut.FindAll("[data-testid=trade-detail]"));
        cut.Find("[data-testid=trade-row][data-trade=t01] td").Click();
        Assert.Equal("because t01", cut.Find("[data-testid=trade-justification]").TextContent.Trim());
        Assert.Contains("000660", cut.Find("[data-testid=trade-snapshot]").TextContent);
        Assert.Contains("totalEquity", cut.Find("[data-testid=trade-portfolio]").TextContent);
    }

    [Fact]
    public void TheMlColumn_ShowsTheProbabilityTheTradeWasDecidedWith_AndTheDetailNamesTheModel()
    {
        store.Trades.Add(Trade("t-ml", Clock.GetUtcNow().AddHours(-1)) with { MlProbability = 0.6731m, MlModelVersion = "up5d-1pct v3" });
        store.Trades.Add(Trade("t-no", Clock.GetUtcNow().AddHours(-2)));
        var cut = Render<TradesPage>();

        var scored = cut.Find("[data-testid=trade-row][data-trade=t-ml] [data-testid=trade-ml]");
        Assert.Equal(("0.67", "up5d-1pct v3"), (scored.TextContent.Trim(), scored.GetAttribute("title")));
        Assert.Equal("–", cut.Find("[data-testid=trade-row][data-trade=t-no] [data-testid=trade-ml]").TextContent.Trim());
        cut.Find("[data-testid=trade-row][data-trade=t-ml] td").Click();
        Assert.Equal("ML signal: 0.6731 (up5d-1pct v3)", cut.Find("[data-testid=trade-ml-detail]").TextContent.Trim());
    }

    [Fact]
    public void NoTrades_SaysSo()
    {
        var cut = Render<TradesPage>();
        Assert.Empty(cut.FindAll("[data-testid=trade-row]"));
        Assert.Equal("No trades match.", cut.Find("[data-testid=no-trades]").TextContent.Trim());
        Assert.Equal("0", cut.Find("[data-testid=trades-count]").TextContent.Trim());
    }

    [Fact]
    public void WhileTheStoreAnswers_ALoadingBarShows()
    {
        Seed(2);
        store.Gate = new TaskCompletionSource();
        var cut = Render<TradesPage>();
        Assert.Single(cut.FindAll("[data-testid=trades-loading]"));
        Assert.Empty(cut.FindAll("[data-testid=no-trades]"));
        store.Gate.SetResult();
        cut.WaitForAssertion(() => Assert.Equal(2, cut.FindAll("[data-testid=trade-row]").Count));
        Assert.Empty(cut.FindAll("[data-testid=trades-loading]"));
    }

    [Fact]
    public void AFailingStore_ShowsTheErrorInsteadOfAnEmptyList()
    {
        store.Fail = new InvalidOperationException("database is locked");
        var cut = Render<TradesPage>();
        Assert.Contains("database is locked", cut.Find("[data-testid=trades-error]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=no-trades]"));
    }
}
