using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using KisTrader.Core.InMemory;

namespace KisTrader.Tests.History;

/// <summary>Issue 16's collect: incremental daily bars, today's finished minutes, one upsert per ticker, one failing
/// ticker not stopping the others, index bars through the index chart.</summary>
public sealed class MarketHistoryCollectorTests
{
    // Tuesday 2026-12-08, 16:00 KST: after the close, so the day's bar is final.
    private static readonly DateTimeOffset AfterClose = new(2026, 12, 8, 16, 0, 0, KoreaTime.Offset);
    private static readonly DateOnly Today = new(2026, 12, 8);

    private sealed class Broker : IMarketData, IIndexChart
    {
        public Dictionary<string, List<Bar>> Daily { get; } = new(StringComparer.Ordinal);
        public Dictionary<string, List<Bar>> Minutes { get; } = new(StringComparer.Ordinal);
        public HashSet<string> Refused { get; } = new(StringComparer.Ordinal);
        public List<(string Ticker, DateOnly From, DateOnly To)> DailyCalls { get; } = [];

        public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default)
        {
            DailyCalls.Add((ticker, from, to));
            if (Refused.Contains(ticker)) throw new InvalidOperationException($"EGW00201 rate limit exceeded for {ticker}");
            return Task.FromResult<IReadOnlyList<Bar>>([.. Daily.GetValueOrDefault(ticker, []).Where(b => b.Date >= from && b.Date <= to)]);
        }

        public Task<IReadOnlyList<Bar>> GetIndexBarsAsync(string indexCode, DateOnly from, DateOnly to, CancellationToken ct = default) =>
            GetBarsAsync(indexCode, from, to, BarPeriod.Day, ct);

        public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) =>
            Task.FromResult<IReadOnlyList<Bar>>([.. Minutes.GetValueOrDefault(ticker, []).Where(b => TimeOnly.FromTimeSpan(b.Time.ToKst().TimeOfDay) <= until)]);

        public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
        public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) => throw new NotSupportedException();
    }

    /// <summary>One bar per weekday from <paramref name="from"/> to <paramref name="to"/>, closes rising by 100 won.</summary>
    private static List<Bar> Weekdays(DateOnly from, DateOnly to, decimal start = 10_000m)
    {
        var bars = new List<Bar>();
        for (var d = from; d <= to; d = d.AddDays(1))
        {
            if (d.DayOfWeek is DayOfWeek.Saturday or DayOfWeek.Sunday) continue;
            var c = start + 100 * bars.Count;
            bars.Add(new Bar(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), c, c + 100, c - 100, c, 1000, c * 1000));
        }
        return bars;
    }

    private static Bar Minute(int hour, int minute, decimal price) =>
        new(new DateTimeOffset(Today.ToDateTime(new TimeOnly(hour, minute)), KoreaTime.Offset), price, price, price, price, 10, price * 10);

    private static Task<IReadOnlyList<HistoryBar>> DailyOf(IMarketHistory store, string ticker) =>
        store.ReadAsync(HistoryQuery.Daily([ticker], new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), AfterClose.AddYears(1)));

    [Fact]
    public async Task A_first_collection_goes_back_the_configured_years_and_the_next_one_fetches_only_the_days_after_the_last_stored()
    {
        var broker = new Broker();
        broker.Daily["005930"] = Weekdays(Today.AddYears(-3), Today);
        var store = new InMemoryMarketHistory();
        var clock = new ManualTimeProvider(AfterClose);
        var collector = new MarketHistoryCollector(broker, store, clock, "simulator", broker);

        var first = await collector.CollectAsync(new CollectionRequest(["005930"], YearsBack: 2, Minutes: false), "test");

        Assert.Equal((Today.AddYears(-2), Today), (broker.DailyCalls[0].From, broker.DailyCalls[0].To));
        var stored = await DailyOf(store, "005930");
        Assert.Equal(broker.Daily["005930"].Count(b => b.Date >= Today.AddYears(-2)), stored.Count);
        Assert.Equal(stored.Count, first.Tickers.Single().DailyBars);
        Assert.All(stored, b => Assert.Equal("simulator", b.Source));

        // Two days later: only Wednesday and Thursday are fetched and added.
        broker.Daily["005930"] = Weekdays(Today.AddYears(-3), Today.AddDays(2));
        clock.SetUtcNow(AfterClose.AddDays(2));
        var second = await collector.CollectAsync(new CollectionRequest(["005930"], YearsBack: 2, Minutes: false), "test");

        Assert.Equal((Today.AddDays(1), Today.AddDays(2)), (broker.DailyCalls[1].From, broker.DailyCalls[1].To));
        Assert.Equal(2, second.BarsAdded);
        Assert.Equal(stored.Count + 2, (await DailyOf(store, "005930")).Count);
    }

    [Fact]
    public async Task During_the_session_today_s_daily_bar_is_not_stored_and_only_finished_minutes_are()
    {
        var broker = new Broker();
        broker.Daily["005930"] = Weekdays(Today.AddDays(-7), Today);
        broker.Minutes["005930"] = [Minute(9, 0, 10_000m), Minute(9, 1, 10_050m), Minute(9, 2, 10_100m)];
        var store = new InMemoryMarketHistory();
        // 09:02:30: the 09:02 minute is still forming.
        var clock = new ManualTimeProvider(new DateTimeOffset(Today.ToDateTime(new TimeOnly(9, 2, 30)), KoreaTime.Offset));

        var summary = await new MarketHistoryCollector(broker, store, clock, "kis").CollectAsync(new CollectionRequest(["005930"], From: Today.AddDays(-7)), "test");

        Assert.Equal(Today.AddDays(-1), broker.DailyCalls.Single().To);
        Assert.DoesNotContain(await DailyOf(store, "005930"), b => b.Date == Today);
        var minutes = await store.ReadAsync(new HistoryQuery(["005930"], BarResolution.Minute, Today, Today, AfterClose));
        Assert.Equal([new TimeOnly(9, 0), new TimeOnly(9, 1)], minutes.Select(m => TimeOnly.FromTimeSpan(m.Time.ToKst().TimeOfDay)));
        Assert.Equal((5, 2), (summary.Tickers.Single().DailyBars, summary.Tickers.Single().MinuteBars));
    }

    [Fact]
    public async Task A_ticker_the_broker_refuses_is_reported_with_its_reason_and_the_others_are_still_collected()
    {
        var broker = new Broker();
        broker.Daily["005930"] = Weekdays(Today.AddDays(-7), Today);
        broker.Daily["000660"] = Weekdays(Today.AddDays(-7), Today);
        broker.Refused.Add("000660");
        var store = new InMemoryMarketHistory();
        var progress = new List<CollectionProgress>();

        var summary = await new MarketHistoryCollector(broker, store, new ManualTimeProvider(AfterClose), "kis")
            .CollectAsync(new CollectionRequest(["000660", "005930", "12345"], From: Today.AddDays(-7), Minutes: false), "test",
                new InlineProgress(progress.Add));

        Assert.Equal(["000660", "005930", "12345"], summary.Tickers.Select(t => t.Ticker));
        Assert.Contains("EGW00201", summary.Tickers[0].Failure);
        Assert.Null(summary.Tickers[1].Failure);
        Assert.Contains("not a 6-character KRX code", summary.Tickers[2].Failure);
        Assert.Equal(2, summary.Failures.Count);
        Assert.Equal(6, (await DailyOf(store, "005930")).Count);
        Assert.Empty(await DailyOf(store, "000660"));
        Assert.Equal(new CollectionProgress(3, 3, null, 6, 2), progress[^1]);
        Assert.Equal([0, 0, 1, 2, 3], progress.Select(p => p.Done));
    }

    [Fact]
    public async Task A_malformed_bar_rejects_that_ticker_s_whole_batch()
    {
        var broker = new Broker();
        var bars = Weekdays(Today.AddDays(-7), Today);
        bars[2] = bars[2] with { Low = -1m };
        broker.Daily["005930"] = bars;
        var store = new InMemoryMarketHistory();

        var summary = await new MarketHistoryCollector(broker, store, new ManualTimeProvider(AfterClose), "kis")
            .CollectAsync(new CollectionRequest(["005930"], From: Today.AddDays(-7), Minutes: false), "test");

        Assert.Contains("malformed bar", summary.Tickers.Single().Failure);
        Assert.Empty(await DailyOf(store, "005930"));
    }

    [Fact]
    public async Task Index_bars_come_from_the_index_chart_and_are_refused_without_one()
    {
        var broker = new Broker();
        broker.Daily[MarketIndexes.Kospi] = Weekdays(Today.AddDays(-7), Today, start: 2500.25m);
        var store = new InMemoryMarketHistory();
        var request = new CollectionRequest([MarketIndexes.Kospi], From: Today.AddDays(-7));

        var without = await new MarketHistoryCollector(broker, store, new ManualTimeProvider(AfterClose), "kis").CollectAsync(request, "test");
        var with = await new MarketHistoryCollector(broker, store, new ManualTimeProvider(AfterClose), "kis", broker).CollectAsync(request, "test");

        Assert.Contains("no index chart", without.Tickers.Single().Failure);
        Assert.Equal((6, 0), (with.Tickers.Single().DailyBars, with.Tickers.Single().MinuteBars));
        Assert.Equal(2500.25m, (await DailyOf(store, MarketIndexes.Kospi))[0].Close);
    }

    [Fact]
    public async Task A_canceled_collection_keeps_the_tickers_already_stored()
    {
        var broker = new Broker();
        broker.Daily["005930"] = Weekdays(Today.AddDays(-7), Today);
        broker.Daily["000660"] = Weekdays(Today.AddDays(-7), Today);
        var store = new InMemoryMarketHistory();
        using var cts = new CancellationTokenSource();

        var summary = await new MarketHistoryCollector(broker, store, new ManualTimeProvider(AfterClose), "kis")
            .CollectAsync(new CollectionRequest(["005930", "000660"], From: Today.AddDays(-7), Minutes: false), "test",
                new InlineProgress(p => { if (p.Done == 1) cts.Cancel(); }), cts.Token);

        Assert.True(summary.Canceled);
        Assert.Equal(["005930"], summary.Tickers.Select(t => t.Ticker));
        Assert.Equal(6, (await DailyOf(store, "005930")).Count);
        Assert.Empty(await DailyOf(store, "000660"));
    }

    private sealed class InlineProgress(Action<CollectionProgress> report) : IProgress<CollectionProgress>
    {
        public void Report(CollectionProgress value) => report(value);
    }
}
