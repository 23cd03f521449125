using KisTrader.Core.Market;
using KisTrader.Core.Market.Candidates;
using KisTrader.Core.Portfolio;
using KisTrader.Testing;
using static KisTrader.Tests.Core.Market.Candidates.RankingMarketData;

namespace KisTrader.Tests.Core.Market.Candidates;

public sealed class RankingCandidateSourceTests
{
    private static readonly DateTimeOffset Noon = new(2026, 12, 7, 3, 0, 0, TimeSpan.Zero);
    private readonly ManualTimeProvider _clock = new(Noon);
    private readonly RankingMarketData _market = new();
    private readonly BudgetFeed _feed = new();
    private readonly TickCache _ticks = new();
    private readonly ActiveCandidates _active = new();

    private static readonly string[] Watchlist = ["005930", "000660"];

    private RankingCandidateSource Source(TableScorer scorer, CandidateOptions? options = null)
    {
        var o = options ?? new CandidateOptions { Max = 2, MinProbability = 0.6m };
        return new RankingCandidateSource(new RankingCache(_market, o, _clock), scorer, new CandidateSubscriptions(_feed, _ticks, o), _active, o, _clock);
    }

    private void Rank(RankingKind kind, params RankingEntry[] entries) => _market.Rankings[kind] = new Ranking(kind, DataSource.Broker, entries);

    private static PortfolioSnapshot Holding(params string[] tickers) => new(Noon, 1_000_000m, 2_000_000m, 50m, 0m,
        [.. tickers.Select(t => new Position(t, t, 10, 10, 50_000m, 50_000m, 500_000m, 25m, 0m, 0m))]);

    [Fact]
    public async Task Propose_DropsTheUniverseAndWhatTheScreenRefuses_AndKeepsTheBestTwoAboveTheMinimum_BestFirst()
    {
        Rank(RankingKind.Volume, Entry(1, "005930"), Entry(2, "069500", "KODEX 200"), Entry(3, "000270"), Entry(4, "068270"), Entry(5, "035720"));
        Rank(RankingKind.Gainers, Entry(1, "196170", change: 29.8m), Entry(2, "028300"), Entry(3, "105560"));
        var scorer = new TableScorer(new Dictionary<string, decimal>
        {
            ["000270"] = 0.62m, ["068270"] = 0.91m, ["035720"] = 0.55m, ["028300"] = 0.75m, ["105560"] = 0.66m, ["005930"] = 0.99m,
        });

        var proposal = await Source(scorer).ProposeAsync([.. Watchlist, "035720"], Holding("035720"));

        // 005930 and 035720 are analysed anyway, KODEX 200 is an ETF, 196170 is at the upper limit: never scored.
        Assert.Equal(["000270", "068270", "028300", "105560"], Assert.Single(scorer.Asked));
        Assert.Equal([("068270", "volume", 4, 0.91m), ("028300", "gainers", 2, 0.75m)],
            proposal.Candidates.Select(c => (c.Ticker, c.Ranking, c.Rank, c.Probability)));
        Assert.Contains("screened out 1 etf/etn, 1 price limit", proposal.Note);
        Assert.Contains("068270 (volume #4, p 0.91)", proposal.Note);
        Assert.Equal(["068270", "028300"], _active.Tickers);
    }

    [Fact]
    public async Task Propose_ATickerInBothRankings_AppearsOnce_WithItsBestRank()
    {
        Rank(RankingKind.Volume, Entry(1, "000270"), Entry(2, "068270"), Entry(3, "028300"));
        Rank(RankingKind.Gainers, Entry(1, "028300"), Entry(2, "000270"));
        var scorer = new TableScorer(new Dictionary<string, decimal> { ["000270"] = 0.7m, ["068270"] = 0.7m, ["028300"] = 0.7m });

        var proposal = await Source(scorer, new CandidateOptions { Max = 5, MinProbability = 0.5m }).ProposeAsync(Watchlist, null);

        Assert.Equal(3, Assert.Single(scorer.Asked).Count);
        // Equal probabilities: the better rank first.
        Assert.Equal([("000270", "volume", 1), ("028300", "gainers", 1), ("068270", "volume", 2)],
            proposal.Candidates.Select(c => (c.Ticker, c.Ranking, c.Rank)));
    }

    [Fact]
    public async Task Propose_WithoutAnActiveModel_ProposesNone_AndSaysWhy()
    {
        Rank(RankingKind.Volume, Entry(1, "000270"), Entry(2, "068270"));

        var proposal = await Source(new TableScorer(null, "no active model for up5d-1pct")).ProposeAsync(Watchlist, null);

        Assert.Empty(proposal.Candidates);
        Assert.Contains("ML scores are unavailable (no active model for up5d-1pct)", proposal.Note);
        Assert.Empty(_feed.TradeSubscriptions);
        Assert.Empty(_active.Tickers);
    }

    [Fact]
    public async Task Propose_OnRankingsComputedFromOurOwnFeed_ProposesNone()
    {
        _market.Rankings[RankingKind.Volume] = new Ranking(RankingKind.Volume, DataSource.Computed, [Entry(1, "000270")]);
        _market.Rankings[RankingKind.Gainers] = new Ranking(RankingKind.Gainers, DataSource.Computed, [Entry(1, "000270")]);
        var scorer = new TableScorer(new Dictionary<string, decimal> { ["000270"] = 0.9m });

        var proposal = await Source(scorer).ProposeAsync(Watchlist, null);

        Assert.Empty(proposal.Candidates);
        Assert.Empty(scorer.Asked);
        Assert.Contains("no broker rankings (paper)", proposal.Note);
    }

    [Fact]
    public async Task Propose_WhenTheRankingsCannotBeRead_ProposesNone_AndAsksAgainOnTheNextRun()
    {
        _market.Failure = new HttpRequestException("connection refused");
        var source = Source(new TableScorer(new Dictionary<string, decimal>()));

        var proposal = await source.ProposeAsync(Watchlist, null);
        await source.ProposeAsync(Watchlist, null);

        Assert.Empty(proposal.Candidates);
        Assert.Contains("rankings could not be read (connection refused)", proposal.Note);
        Assert.Equal(2, _market.RankingReads); // the failed read was not cached
    }

    [Fact]
    public async Task Rankings_AreReadOncePerRefreshInterval_WhileEveryRunIsScored()
    {
        Rank(RankingKind.Volume, Entry(1, "000270"));
        var scorer = new TableScorer(new Dictionary<string, decimal> { ["000270"] = 0.8m });
        var source = Source(scorer, new CandidateOptions { RankingsRefresh = TimeSpan.FromMinutes(5) });

        for (var minute = 0; minute < 5; minute++)
        {
            await source.ProposeAsync(Watchlist, null);
            _clock.Advance(TimeSpan.FromMinutes(1));
        }
        await source.ProposeAsync(Watchlist, null);

        Assert.Equal(4, _market.RankingReads); // volume + gainers at minute 0 and at minute 5
        Assert.Equal(6, scorer.Asked.Count);
    }

    [Fact]
    public async Task Propose_BelowTheMinimum_ProposesNone_AndSaysSo()
    {
        Rank(RankingKind.Volume, Entry(1, "000270"));

        var proposal = await Source(new TableScorer(new Dictionary<string, decimal> { ["000270"] = 0.59m })).ProposeAsync(Watchlist, null);

        Assert.Empty(proposal.Candidates);
        Assert.Contains("1 scored by up5d-1pct model 7, none at or above 0.6", proposal.Note);
    }
}
