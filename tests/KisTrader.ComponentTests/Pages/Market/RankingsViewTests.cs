using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.Components.Pages.Market;
using KisTrader.Web.Live;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.ComponentTests.Pages.Market;

public sealed class RankingsViewTests : ComponentTest
{
    private readonly FakeMarketData market = new();

    public RankingsViewTests()
    {
        Services.AddSingleton<IMarketData>(market);
        Services.AddSingleton<TickerNames>();
    }

    [Fact]
    public void ShowsTheVolumeRanking_AndSaysItIsComputedFromTheFeed()
    {
        var cut = Render<RankingsView>();
        Assert.Equal(3, cut.FindAll("[data-testid=ranking-row]").Count);
        Assert.Contains("computed from the realtime feed", cut.Find("[data-testid=ranking-source]").TextContent);
        Assert.Equal([RankingKind.Volume], market.RankingsAsked);
    }

    [Fact]
    public void ChoosingLosers_AsksForThatRanking()
    {
        var cut = Render<RankingsView>();
        cut.Find("[data-testid=ranking-kind]").QuerySelectorAll("button").First(b => b.TextContent.Contains("Losers")).Click();
        cut.WaitForAssertion(() => Assert.Equal([RankingKind.Volume, RankingKind.Losers], market.RankingsAsked));
    }

    [Fact]
    public void AFailedRanking_SaysWhy()
    {
        market.Fail = new HttpRequestException("rate limited");
        var cut = Render<RankingsView>();
        Assert.Contains("rate limited", cut.Markup);
        Assert.Empty(cut.FindAll("[data-testid=ranking-row]"));
    }
}
