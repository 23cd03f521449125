using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using KisTrader.Core.InMemory;
using KisTrader.Tests.Core.Graphs.Fakes;
using KisTrader.Web.History;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Logging.Abstractions;
using MsOptions = Microsoft.Extensions.Options.Options;

namespace KisTrader.Tests.History;

/// <summary>The one collection the job, the Data page's button and the command share: what it collects by default, and
/// that a second start while one runs is refused rather than run alongside.</summary>
public sealed class HistoryCollectionTests
{
    private static readonly DateTimeOffset AfterClose = new(2026, 12, 8, 16, 0, 0, KoreaTime.Offset);

    /// <summary>Daily bars that wait for <see cref="Release"/> before answering.</summary>
    private sealed class GatedMarket : IMarketData
    {
        private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource Entered { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public List<string> Asked { get; } = [];

        public void Release() => _release.TrySetResult();

        public async Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default)
        {
            lock (Asked) Asked.Add(ticker);
            Entered.TrySetResult();
            await _release.Task.WaitAsync(ct);
            return [new Bar(new DateTimeOffset(to.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), 100, 110, 90, 105, 1000, 105_000)];
        }

        public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Bar>>([]);
        public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) => throw new NotSupportedException();
    }

    private static Holding Held(string ticker, long quantity) => new(ticker, ticker, quantity, quantity, 100, 100 * quantity, 100, 100 * quantity, 0, 0);

    private static HistoryCollection Create(IMarketData market, HistoryOptions history, params Holding[] holdings) =>
        Create(market, history, new InMemoryMarketHistory(), holdings);

    private static HistoryCollection Create(IMarketData market, HistoryOptions history, IMarketHistory store, params Holding[] holdings) => new(
        market,
        new FakeAccountReader(new AccountBalance(0, 0, 0, 0, 0, 0, 0, holdings)),
        store,
        MsOptions.Create(history),
        MsOptions.Create(new TradingOptions { Watchlist = ["005930", "000660"] }),
        MsOptions.Create(new KisOptions()),
        new ManualTimeProvider(AfterClose),
        NullLogger<HistoryCollection>.Instance);

    [Fact]
    public async Task By_default_it_collects_the_watchlist_the_holdings_the_universe_and_the_indexes_once_each()
    {
        var collection = Create(new GatedMarket(), new HistoryOptions { Universe = ["035420", "005930"] }, Held("373220", 3), Held("000660", 1), Held("051910", 0));

        var tickers = await collection.DefaultTickersAsync();

        Assert.Equal(["005930", "000660", "373220", "035420", "0001", "1001"], tickers);
        Assert.Equal("simulator", collection.Source);
    }

    [Fact]
    public async Task The_last_collection_is_recorded_so_a_restarted_app_still_shows_it()
    {
        var store = new InMemoryMarketHistory();
        var market = new GatedMarket();
        market.Release();
        var before = Create(market, new HistoryOptions { Indexes = false, MinuteBars = false }, store);
        Assert.Null(await before.LastRecordedAsync());

        var summary = await before.TryRunAsync("manual", ["005930"]);

        // A new instance over the same store: the process restarted, its memory is empty.
        var restarted = Create(new GatedMarket(), new HistoryOptions(), store);
        Assert.Null(restarted.Last);
        var recorded = await restarted.LastRecordedAsync();
        Assert.NotNull(summary);
        Assert.NotNull(recorded);
        Assert.Equal((summary.Trigger, summary.FinishedAt, summary.Describe()), (recorded.Trigger, recorded.FinishedAt, recorded.Describe()));
        Assert.Equal(summary.Tickers, recorded.Tickers);
    }

    [Fact]
    public async Task A_second_start_while_one_runs_is_refused_and_the_first_one_s_summary_is_kept()
    {
        var market = new GatedMarket();
        var collection = Create(market, new HistoryOptions { Indexes = false, MinuteBars = false });

        var first = collection.TryRunAsync("manual", ["005930"]);
        await market.Entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.True(collection.IsRunning);
        Assert.Equal(new CollectionProgress(0, 1, "005930", 0, 0), collection.Progress);

        var second = await collection.TryRunAsync("schedule");

        Assert.Null(second);
        market.Release();
        var summary = await first.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.NotNull(summary);
        Assert.Equal(("manual", 1, 0), (summary.Trigger, summary.BarsAdded, summary.Failures.Count));
        Assert.Same(summary, collection.Last);
        Assert.False(collection.IsRunning);
        Assert.Equal(["005930"], market.Asked);
    }
}
