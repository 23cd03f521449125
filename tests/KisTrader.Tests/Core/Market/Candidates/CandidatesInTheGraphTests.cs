using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Market.Candidates;
using KisTrader.Testing;
using KisTrader.Tests.Core.Analysis;
using static KisTrader.Tests.Core.Market.Candidates.RankingMarketData;

namespace KisTrader.Tests.Core.Market.Candidates;

/// <summary>The candidates in the operational graph's market analysis (over REST quotes: no feed ticks) and in the risk
/// engine's universe.</summary>
public sealed class CandidatesInTheGraphTests
{
    private static readonly DateTimeOffset Noon = new(2026, 11, 18, 12, 15, 0, KoreaTime.Offset);
    private static readonly DateOnly Today = new(2026, 11, 18);
    private readonly ManualTimeProvider _clock = new(Noon);
    private readonly FakeMarketData _market = new();
    private readonly RankingMarketData _rankings = new();
    private readonly ActiveCandidates _active = new();
    private readonly TableScorer _scorer = new(new Dictionary<string, decimal> { ["000270"] = 0.8m });

    public CandidatesInTheGraphTests()
    {
        foreach (var code in (string[])["005930", "000270"])
        {
            _market.Bars[code] = FakeMarketData.FlatHistory(Today, 80);
            _market.Quotes[code] = new Quote(code, code, 10_200m, 200m, 2m, 10_000m, 10_300m, 9_950m, 500_000, 5_100_000_000m,
                10_000m, 13_000m, 7_000m, 10m, Noon);
        }
        _rankings.Rankings[RankingKind.Volume] = new Ranking(RankingKind.Volume, DataSource.Broker, [Entry(1, "005930"), Entry(2, "000270")]);
    }

    private AnalyzeMarketNode Node()
    {
        var options = new CandidateOptions();
        var source = new RankingCandidateSource(new RankingCache(_rankings, options, _clock), _scorer,
            new CandidateSubscriptions(new BudgetFeed(), new TickCache(), options), _active, options, _clock);
        var analyzer = new MarketAnalyzer(new TickCache(), _market, () => FeedState.Connected, _clock);
        return new AnalyzeMarketNode(analyzer, new OperationalGraphOptions { Watchlist = ["005930"] }, source);
    }

    [Fact]
    public async Task AFullRun_AnalysesTheCandidateBesideTheWatchlist_AndMarksIt()
    {
        var state = new TradingState { RunId = "r1" };

        await Node().RunAsync(state, new GraphContext("r1", OperationalGraph.Name, "test", Noon), default);

        var analysis = state.Analysis!;
        Assert.Equal(["000270", "005930"], analysis.Tickers.Select(t => t.Ticker));
        var candidate = Assert.Single(analysis.Candidates);
        Assert.Equal(("000270", "volume", 2), (candidate.Ticker, candidate.Ranking, candidate.Rank));
        Assert.Equal(0.8m, analysis.Find("000270")!.MlProbability);
        Assert.Null(analysis.Find("005930")!.MlProbability); // the watchlist's scores are not this feature's to set
        Assert.Contains("1 proposed", analysis.CandidateNote);
    }

    [Fact]
    public async Task AnEventRun_DoesNotLookForCandidates()
    {
        var state = new TradingState { RunId = "r2", Scope = ["005930"] };

        await Node().RunAsync(state, new GraphContext("r2", OperationalGraph.Name, "event:005930", Noon), default);

        Assert.Equal(["005930"], state.Analysis!.Tickers.Select(t => t.Ticker));
        Assert.Empty(state.Analysis.Candidates);
        Assert.Null(state.Analysis.CandidateNote);
        Assert.Empty(_scorer.Asked);
        Assert.Equal(0, _rankings.RankingReads);
    }

    [Fact]
    public void TheRiskUniverse_HoldsTheLatestRunsCandidates_AndNoLongerThoseItDropped()
    {
        var universe = new CandidateTradingUniverse(new StaticTradingUniverse(["005930"]), _active);

        _active.Set(["000270", "068270"]);
        Assert.Equal(["000270", "005930", "068270"], universe.Watchlist.Order());

        _active.Set(["068270"]);
        Assert.Equal(["005930", "068270"], universe.Watchlist.Order());
    }
}
