using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Testing;

namespace KisTrader.Tests.History;

/// <summary>The collector stores raw AND adjusted prices when the broker serves both charts, re-fetches a ticker whose
/// adjustment changed since the last stored day (a split in between), and stores the instrument's market once.</summary>
public sealed class AdjustedHistoryCollectorTests
{
    private static readonly DateOnly Today = new(2026, 12, 8);
    private static readonly DateTimeOffset AfterClose = new(2026, 12, 8, 16, 0, 0, KoreaTime.Offset);

    /// <summary>A broker whose instrument trades around 2,500,000 won raw and splits 1:50 on <see cref="SplitOn"/>.</summary>
    private sealed class SplittingBroker : IMarketData, IRawPriceChart, IInstrumentMarkets
    {
        public DateOnly SplitOn { get; set; } = new(2026, 12, 3);
        public DateOnly LastDay { get; set; } = Today;
        public int MarketCalls { get; private set; }
        public List<(DateOnly From, DateOnly To)> RawCalls { get; } = [];

        private IEnumerable<Bar> Raw(DateOnly from, DateOnly to)
        {
            for (var d = new DateOnly(2026, 11, 23); d <= LastDay; d = d.AddDays(1))
            {
                if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday || d < from || d > to) continue;
                var c = d < SplitOn ? 2_500_000m : 50_000m;
                yield return new Bar(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), c, c, c, c, 100, c * 100);
            }
        }

        private decimal Factor(DateOnly d) => d < SplitOn && LastDay >= SplitOn ? 50m : 1m;

        public Task<IReadOnlyList<Bar>> GetRawDailyBarsAsync(string ticker, DateOnly from, DateOnly to, CancellationToken ct = default)
        {
            RawCalls.Add((from, to));
            return Task.FromResult<IReadOnlyList<Bar>>([.. Raw(from, to)]);
        }

        public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<Bar>>([.. Raw(from, to).Select(b => b with { Open = b.Open / Factor(b.Date), High = b.High / Factor(b.Date), Low = b.Low / Factor(b.Date), Close = b.Close / Factor(b.Date) })]);

        public Task<KrxMarket?> GetMarketAsync(string ticker, CancellationToken ct = default)
        {
            MarketCalls++;
            return Task.FromResult<KrxMarket?>(KrxMarket.Kosdaq);
        }

        public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<Bar>>([]);
        public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) => throw new NotSupportedException();
    }

    private static async Task<IReadOnlyList<HistoryBar>> DailyAsync(IMarketHistory store) =>
        await store.ReadAsync(HistoryQuery.Daily(["123456"], new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), AfterClose.AddYears(1)));

    [Fact]
    public async Task Stored_bars_carry_raw_and_adjusted_prices_and_the_instrument_its_market()
    {
        var broker = new SplittingBroker();
        var store = new InMemoryMarketHistory();
        var collector = new MarketHistoryCollector(broker, store, new ManualTimeProvider(AfterClose), "kis", raw: broker, markets: broker);

        var summary = await collector.CollectAsync(new CollectionRequest(["123456"], From: new DateOnly(2026, 11, 23), Minutes: false), "test");
        await collector.CollectAsync(new CollectionRequest(["123456"], From: new DateOnly(2026, 11, 23), Minutes: false), "test");

        Assert.Null(summary.Tickers.Single().Failure);
        var bars = await DailyAsync(store);
        var before = bars.Single(b => b.Date == new DateOnly(2026, 12, 2));
        var after = bars.Single(b => b.Date == new DateOnly(2026, 12, 3));
        Assert.Equal((2_500_000m, 50_000m, 50m), (before.Close, before.AdjustedClose, before.AdjustmentFactor));
        Assert.Equal((50_000m, 50_000m, 1m), (after.Close, after.AdjustedClose, after.AdjustmentFactor));
        Assert.Equal([new HistoryInstrument("123456", KrxMarket.Kosdaq, "kis", AfterClose)], await store.InstrumentsAsync());
        Assert.Equal(1, broker.MarketCalls); // asked once: the second collection knows it
    }

    [Fact]
    public async Task A_split_after_the_last_stored_day_refetches_the_ticker_so_earlier_adjusted_prices_follow_it()
    {
        var broker = new SplittingBroker { SplitOn = new DateOnly(2026, 12, 7), LastDay = new DateOnly(2026, 12, 4) };
        var store = new InMemoryMarketHistory();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 4, 16, 0, 0, KoreaTime.Offset));
        var collector = new MarketHistoryCollector(broker, store, clock, "kis", raw: broker);
        await collector.CollectAsync(new CollectionRequest(["123456"], YearsBack: 1, Minutes: false), "test");
        Assert.All(await DailyAsync(store), b => Assert.Equal(1m, b.AdjustmentFactor));

        // The split takes effect on Monday 12-07; Tuesday's incremental run sees Friday's adjustment changed.
        broker.LastDay = Today;
        clock.SetUtcNow(AfterClose);
        await collector.CollectAsync(new CollectionRequest(["123456"], YearsBack: 1, Minutes: false), "test");

        var bars = await DailyAsync(store);
        Assert.All(bars.Where(b => b.Date < broker.SplitOn), b => Assert.Equal((2_500_000m, 50_000m), (b.Close, b.AdjustedClose)));
        Assert.All(bars.Where(b => b.Date >= broker.SplitOn), b => Assert.Equal((50_000m, 50_000m), (b.Close, b.AdjustedClose)));
        Assert.Equal(new DateOnly(2026, 11, 23), broker.RawCalls[^1].From);
    }
}
