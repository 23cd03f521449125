using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Candidates;
using KisTrader.Web.Components.Pages.Trading;

namespace KisTrader.ComponentTests.Pages.Trading;

public sealed class RunCandidatesTests : ComponentTest
{
    private MarketAnalysis Analysis(params TickerAnalysis[] tickers) =>
        new(Clock.GetUtcNow(), FeedState.Connected, false, null, tickers, [], [], 0m);

    private static TickerAnalysis Ticker(string code, decimal price, decimal change) =>
        new(code, price, change, 1_000, 100m, 1m, new Dictionary<string, decimal>(), null);

    [Fact]
    public void ShowsWhichTickersCameFromTheRankings_WithRankProbabilityAndQuoteSource()
    {
        var analysis = Analysis(Ticker("005930", 98_000m, 0.5m), Ticker("000270", 112_200m, 2m), Ticker("068270", 185_000m, -1.25m)) with
        {
            Candidates = [new MarketCandidate("000270", "기아", "gainers", 3, 0.82m, true), new MarketCandidate("068270", "셀트리온", "volume", 7, 0.64m, false)],
            CandidateNote = "Rankings read at 10:30 KST: 44 tickers … 2 proposed at or above 0.6.",
        };

        var cut = Render<RunCandidates>(p => p.Add(c => c.Analysis, analysis));

        Assert.Contains("2 proposed at or above 0.6", cut.Find("[data-testid=run-candidates-note]").TextContent);
        var rows = cut.FindAll("[data-testid=run-candidate]");
        Assert.Equal(["000270", "068270"], rows.Select(r => r.GetAttribute("data-ticker")));
        var cells = rows[0].QuerySelectorAll("td").Select(td => td.TextContent.Trim()).ToList();
        Assert.Equal(["000270기아", "gainers #3", "0.82", "realtime", "112,200 (+2%)"], cells);
        Assert.Equal("REST (no slot left)", rows[1].QuerySelectorAll("td")[3].TextContent.Trim());
        Assert.DoesNotContain("005930", cut.Find("[data-testid=run-candidates]").TextContent);
    }

    [Fact]
    public void NoCandidates_ShowsWhy_WithoutATable()
    {
        var cut = Render<RunCandidates>(p => p.Add(c => c.Analysis, Analysis() with
        {
            CandidateNote = "No candidates: the ML scores are unavailable (the ML signal is switched off (Ml:Enabled false)).",
        }));

        Assert.Contains("ML scores are unavailable", cut.Find("[data-testid=run-candidates-note]").TextContent);
        Assert.Empty(cut.FindAll("[data-testid=run-candidates]"));
    }

    [Fact]
    public void ARunThatDidNotLook_ShowsNothing()
    {
        Assert.Empty(Render<RunCandidates>(p => p.Add(c => c.Analysis, Analysis())).Markup.Trim());
        Assert.Empty(Render<RunCandidates>(p => p.Add(c => c.Analysis, null)).Markup.Trim());
    }
}
