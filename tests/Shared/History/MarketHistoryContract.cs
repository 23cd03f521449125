using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using Xunit;

namespace KisTrader.Testing.History;

/// <summary>What every <see cref="IMarketHistory"/> must do: the EF store on SQLite and PostgreSQL and the in-memory fake
/// alike. Linked into the test projects that need a history store.</summary>
public abstract class MarketHistoryContract : IAsyncLifetime
{
    protected static readonly DateTimeOffset Collected = new(2026, 12, 4, 18, 0, 0, KoreaTime.Offset);
    protected static readonly DateOnly Mon = new(2026, 11, 30);
    protected IMarketHistory History { get; private set; } = default!;

    protected abstract Task<IMarketHistory> CreateAsync();

    public virtual async Task InitializeAsync() => History = await CreateAsync();

    public virtual Task DisposeAsync() => Task.CompletedTask;

    protected static HistoryBar Day(string ticker, DateOnly date, decimal close, long volume = 1_000, string source = "kis") =>
        HistoryBar.Daily(ticker, date, close, close + 100, close - 100, close, volume, close * volume, source, Collected);

    private static DateTimeOffset At(DateOnly d, int hour, int minute) => new(d.ToDateTime(new TimeOnly(hour, minute)), KoreaTime.Offset);

    private static HistoryQuery All(DateTimeOffset asOf, BarResolution resolution = BarResolution.Day, IReadOnlyCollection<string>? tickers = null) =>
        new(tickers, resolution, new DateOnly(2000, 1, 1), new DateOnly(2100, 1, 1), asOf);

    private static readonly DateTimeOffset Later = new(2030, 1, 1, 0, 0, 0, KoreaTime.Offset);

    [Fact]
    public async Task Upsert_ThenRead_RoundTripsEveryField()
    {
        var bar = new HistoryBar("005930", BarResolution.Day, At(Mon, 0, 0), 71_000m, 72_500m, 70_800m, 72_000m,
            35_500.5m, 36_250.25m, 35_400m, 36_000m, 12_345_678, 889_000_123_456m, "csv:prices.csv", Collected.AddMilliseconds(123));
        var index = new HistoryBar(MarketIndexes.Kospi, BarResolution.Day, At(Mon, 0, 0), 2_501.37m, 2_530.5m, 2_498.01m, 2_520.99m,
            2_501.37m, 2_530.5m, 2_498.01m, 2_520.99m, 400_000_000, 9_000_000_000_000m, "kis", Collected);

        Assert.Equal(2, await History.UpsertAsync([bar, index]));

        var read = await History.ReadAsync(All(Later));
        Assert.Equal([index, bar], read);
        Assert.Equal(new DateTimeOffset(2026, 11, 30, 0, 0, 0, KoreaTime.Offset), read[1].Time);
        Assert.Equal("72000", read[1].Close.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    [Fact]
    public async Task Instruments_RoundTripTheirMarket_AndALaterWriteReplacesIt()
    {
        Assert.Empty(await History.InstrumentsAsync());
        await History.UpsertInstrumentsAsync([new HistoryInstrument("247540", KrxMarket.Kosdaq, "simulator", Collected),
            new HistoryInstrument("005930", KrxMarket.Kospi, "csv:a.csv", Collected)]);
        await History.UpsertInstrumentsAsync([new HistoryInstrument("005930", KrxMarket.Konex, "kis", Collected.AddDays(1))]);

        Assert.Equal([new HistoryInstrument("005930", KrxMarket.Konex, "kis", Collected.AddDays(1)),
            new HistoryInstrument("247540", KrxMarket.Kosdaq, "simulator", Collected)], await History.InstrumentsAsync());
        await Assert.ThrowsAsync<ArgumentException>(() => History.UpsertInstrumentsAsync([new HistoryInstrument(MarketIndexes.Kospi, KrxMarket.Kospi, "kis", Collected)]));
    }

    [Fact]
    public async Task LastCollection_IsTheNewestFinishedOne_WithEveryTickersOutcome()
    {
        Assert.Null(await History.LastCollectionAsync());
        var older = new CollectionSummary("scheduled", "kis", Collected, Collected.AddMinutes(5), [new TickerCollection("005930", 10, 0, null)]);
        var newer = new CollectionSummary("manual", "simulator", Collected.AddDays(1), Collected.AddDays(1).AddMinutes(1),
            [new TickerCollection("005930", 1, 381, null), new TickerCollection("999999", 0, 0, "unknown product")], Canceled: true);
        await History.SaveCollectionAsync(newer);
        await History.SaveCollectionAsync(older);

        var last = await History.LastCollectionAsync();
        Assert.NotNull(last);
        Assert.Equal((newer.Trigger, newer.Source, newer.StartedAt, newer.FinishedAt, newer.Canceled), (last.Trigger, last.Source, last.StartedAt, last.FinishedAt, last.Canceled));
        Assert.Equal(newer.Tickers, last.Tickers);
        Assert.Equal(newer.Describe(), last.Describe());
    }

    [Fact]
    public async Task Upsert_TheSameBatchTwice_StoresEachBarOnce_AndALaterCollectionReplacesIt()
    {
        var batch = new[] { Day("005930", Mon, 70_000m), Day("005930", Mon.AddDays(1), 71_000m) };
        await History.UpsertAsync(batch);
        await History.UpsertAsync(batch);
        Assert.Equal(2, (await History.ReadAsync(All(Later))).Count);

        var corrected = Day("005930", Mon, 70_100m, source: "simulator") with { CollectedAt = Collected.AddDays(1) };
        await History.UpsertAsync([corrected]);

        var read = await History.ReadAsync(All(Later));
        Assert.Equal([corrected, batch[1]], read);
    }

    [Fact]
    public async Task Read_AsOfBeforeTheDaysClose_CannotSeeThatDaysBar_NorAnyLaterOne()
    {
        // A planted future: the bars of Tuesday and of next year are stored, the read is as of Tuesday 15:29:59 KST.
        await History.UpsertAsync([Day("005930", Mon, 70_000m), Day("005930", Mon.AddDays(1), 71_000m), Day("005930", new DateOnly(2027, 6, 1), 99_000m)]);
        var tuesday = Mon.AddDays(1);

        var beforeClose = await History.ReadAsync(All(KrxCalendar.CloseOn(tuesday).AddSeconds(-1)));
        var atClose = await History.ReadAsync(All(KrxCalendar.CloseOn(tuesday)));

        Assert.Equal([Mon], beforeClose.Select(b => b.Date));
        Assert.Equal([Mon, tuesday], atClose.Select(b => b.Date));
        Assert.All(atClose, b => Assert.True(b.AvailableAt <= KrxCalendar.CloseOn(tuesday)));
    }

    [Fact]
    public async Task Read_MinuteBars_AsOfT_SeesOnlyMinutesThatEndedByT()
    {
        await History.UpsertAsync([
            HistoryBar.OneMinute("005930", At(Mon, 9, 0), 70_000m, 70_100m, 69_900m, 70_000m, 10, 700_000m, "kis", Collected),
            HistoryBar.OneMinute("005930", At(Mon, 9, 1), 70_000m, 70_100m, 69_900m, 70_100m, 10, 700_000m, "kis", Collected),
            HistoryBar.OneMinute("005930", At(Mon, 9, 2), 70_100m, 70_200m, 70_000m, 70_200m, 10, 700_000m, "kis", Collected),
        ]);

        var read = await History.ReadAsync(All(At(Mon, 9, 2).AddSeconds(30), BarResolution.Minute));

        Assert.Equal([At(Mon, 9, 0), At(Mon, 9, 1)], read.Select(b => b.Time));
        Assert.Empty(await History.ReadAsync(All(Later, BarResolution.Day)));
    }

    [Fact]
    public async Task Read_FiltersByTickersAndDateRange_OrderedByTickerThenTime()
    {
        await History.UpsertAsync([
            Day("035720", Mon.AddDays(1), 50_000m), Day("005930", Mon.AddDays(2), 72_000m), Day("005930", Mon, 70_000m),
            Day("000660", Mon, 150_000m), Day("035720", Mon, 49_000m), Day("005930", Mon.AddDays(1), 71_000m),
        ]);

        var read = await History.ReadAsync(HistoryQuery.Daily(["035720", "005930"], Mon, Mon.AddDays(1), Later));

        Assert.Equal([("005930", Mon), ("005930", Mon.AddDays(1)), ("035720", Mon), ("035720", Mon.AddDays(1))], read.Select(b => (b.Ticker, b.Date)));
        Assert.Empty(await History.ReadAsync(HistoryQuery.Daily([], Mon, Mon.AddDays(3), Later)));
    }

    [Fact]
    public async Task Read_OfMoreTickersThanTheStoreBindsAsParameters_StillReturnsOnlyThoseAsked()
    {
        await History.UpsertAsync([Day("005930", Mon, 70_000m), Day("000660", Mon, 150_000m), Day("035720", Mon, 49_000m)]);
        var asked = Enumerable.Range(0, 1_500).Select(i => (900_000 + i).ToString("D6", System.Globalization.CultureInfo.InvariantCulture))
            .Append("035720").Append("005930").ToList();

        var read = await History.ReadAsync(HistoryQuery.Daily(asked, Mon, Mon, Later));

        Assert.Equal(["005930", "035720"], read.Select(b => b.Ticker));
    }

    [Fact]
    public async Task Coverage_GivesFirstLastCountAndLastCollected_PerTickerAndResolution()
    {
        await History.UpsertAsync([
            Day("005930", Mon, 70_000m), Day("005930", Mon.AddDays(3), 71_000m) with { CollectedAt = Collected.AddHours(5) },
            Day("000660", Mon.AddDays(1), 150_000m),
            HistoryBar.OneMinute("005930", At(Mon, 9, 0), 70_000m, 70_000m, 70_000m, 70_000m, 1, 70_000m, "kis", Collected),
        ]);

        var coverage = await History.CoverageAsync();

        Assert.Equal([
            new HistoryCoverage("000660", BarResolution.Day, At(Mon.AddDays(1), 0, 0), At(Mon.AddDays(1), 0, 0), 1, Collected),
            new HistoryCoverage("005930", BarResolution.Day, At(Mon, 0, 0), At(Mon.AddDays(3), 0, 0), 2, Collected.AddHours(5)),
            new HistoryCoverage("005930", BarResolution.Minute, At(Mon, 9, 0), At(Mon, 9, 0), 1, Collected),
        ], coverage);
    }

    [Fact]
    public async Task Delete_RemovesEveryBarOfOneTicker_AndNoOther()
    {
        await History.UpsertAsync([
            Day("005930", Mon, 70_000m), Day("005930", Mon.AddDays(1), 71_000m), Day("000660", Mon, 150_000m),
            HistoryBar.OneMinute("005930", At(Mon, 9, 0), 70_000m, 70_000m, 70_000m, 70_000m, 1, 70_000m, "kis", Collected),
        ]);

        Assert.Equal(3, await History.DeleteAsync("005930"));

        Assert.Equal(["000660"], (await History.CoverageAsync()).Select(c => c.Ticker));
    }

    [Fact]
    public async Task Upsert_OfABarThatCannotBeStored_Throws_AndWritesNothingOfItsBatch()
    {
        var good = Day("005930", Mon, 70_000m);
        var notMidnight = good with { Ticker = "000660", Time = At(Mon, 9, 0) };

        await Assert.ThrowsAsync<ArgumentException>(() => History.UpsertAsync([good, notMidnight]));

        Assert.Empty(await History.CoverageAsync());
    }

    [Fact]
    public async Task Upsert_ALargeBatch_IsReadBackWhole()
    {
        var bars = Enumerable.Range(0, 1_234).Select(i => Day("005930", new DateOnly(2020, 1, 1).AddDays(i), 50_000m + i * 100)).ToList();

        Assert.Equal(1_234, await History.UpsertAsync(bars));

        Assert.Equal(bars, await History.ReadAsync(All(Later)));
    }
}
