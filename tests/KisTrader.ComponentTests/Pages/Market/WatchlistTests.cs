using KisTrader.Core.Market;
using KisTrader.Web.Components.Pages.Market;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Market;

public sealed class WatchlistTests : ComponentTest
{
    private readonly TickCache ticks = new();
    public WatchlistTests()
    {
        Services.AddSingleton(ticks);
        Services.AddSingleton<TickerNames>();
    }

    [Fact]
    public void EveryWatchedTicker_HasARow_WithADashUntilItsFirstTick()
    {
        var cut = Render<Watchlist>(p => p.Add(w => w.Tickers, ["005930", "000660"]).Add(w => w.Selected, "005930"));
        Assert.Equal(["005930", "000660"], cut.FindAll("[data-testid=watch-row]").Select(r => r.GetAttribute("data-ticker")));
        Assert.All(cut.FindAll("[data-testid=watch-price]"), c => Assert.Equal("–", c.TextContent.Trim()));
        Assert.Contains("selected", cut.Find("[data-testid=watch-row][data-ticker='005930']").ClassName);
    }

    [Fact]
    public void ClickingARow_SelectsThatTicker()
    {
        string? chosen = null;
        var cut = Render<Watchlist>(p => p.Add(w => w.Tickers, ["005930", "000660"]).Add(w => w.SelectedChanged, (string t) => chosen = t));
        cut.Find("[data-testid=watch-row][data-ticker='000660']").Click();
        Assert.Equal("000660", chosen);
    }
}
