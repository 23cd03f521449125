using System.Text.Json;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Tests.Backtesting;

public sealed class HistoricalMarketDataTests
{
    private const string Planted = """
        code,date,open,high,low,close,volume
        000001,2026-03-02,10000,10200,9900,10100,500000
        000001,2026-03-03,10100,10300,10000,10200,500000
        000001,2026-03-04,10200,10400,10100,10300,500000
        000001,2026-03-05,10300,98765400,10200,97531200,777777777
        000001,2026-03-06,97531200,98765400,97531200,98765400,777777777
        """;

    // The planted day's high, close and volume, and the whole next day, are absurd; its open (10,300) is ordinary,
    // because during the session the open is legitimately visible.
    private static readonly string[] Absurd = ["98765400", "97531200", "777777777"];

    [Fact]
    public async Task NothingReadBeforeAClose_SeesThatDaysBar_NorAnyLaterOne()
    {
        var calendar = new KrxCalendar([]);
        var history = BarFixture.History(Planted);
        var clock = new BacktestClock(BarFixture.Kst(2026, 3, 3, 0, 0), calendar);
        var market = new HistoricalMarketData(history, clock, calendar);
        var broker = new SimulatedBroker(history, clock, calendar);
        var steps = new List<DateTimeOffset>();
        foreach (var day in new[] { 3, 4, 5 })
            foreach (var (h, m) in new[] { (8, 0), (8, 59), (9, 0), (9, 1), (12, 0), (15, 19), (15, 29) })
                steps.Add(BarFixture.Kst(2026, 3, day, h, m));
        steps.Add(KrxCalendar.CloseOn(new DateOnly(2026, 3, 5)).AddTicks(-1));

        // A buy at 09:00 on the planted day fills at its open: the holding is then marked at what the clock allows.
        foreach (var t in steps)
        {
            clock.AdvanceTo(t);
            if (t == BarFixture.Kst(2026, 3, 5, 9, 0))
                Assert.Equal(SubmissionStatus.Accepted, (await broker.PlaceAsync(new OrderRequest("000001", KisTrader.Core.Exchange.Side.Buy, OrderPriceType.Limit, 10, 10300m))).Status);
            var seen = await ReadEverythingAsync(market, broker);
            foreach (var marker in Absurd) Assert.False(seen.Contains(marker, StringComparison.Ordinal), $"at {KoreaTime.Format(t)} a read saw {marker}:\n{seen}");
        }

        // The scan can fail: at the planted day's close its bar is visible, and the reads show it.
        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2026, 3, 5)));
        var after = await ReadEverythingAsync(market, broker);
        Assert.Contains("97531200", after, StringComparison.Ordinal);
    }

    private static async Task<string> ReadEverythingAsync(HistoricalMarketData market, SimulatedBroker broker)
    {
        var from = new DateOnly(2020, 1, 1);
        var to = new DateOnly(2030, 1, 1);
        var parts = new List<object?>
        {
            await market.GetQuoteAsync("000001"),
            await market.GetOrderBookAsync("000001"),
            await market.GetBarsAsync("000001", from, to),
            await market.GetBarsAsync("000001", from, to, BarPeriod.Week),
            await market.GetBarsAsync("000001", from, to, BarPeriod.Month),
            await market.GetBarsAsync("000001", from, to, BarPeriod.Year),
            await market.GetRecentTradesAsync("000001"),
            await market.GetRankingAsync(RankingKind.Volume),
            await broker.GetBalanceAsync(),
            await broker.GetBuyingPowerAsync("000001", OrderPriceType.Market, null),
            await broker.GetOrdersAsync(from, to),
            await broker.GetOpenOrdersAsync(),
            await broker.GetPeriodProfitAsync(from, to),
            broker.Fills,
            broker.Equity(),
        };
        return string.Join("\n", parts.Select(p => JsonSerializer.Serialize(p)));
    }

    [Fact]
    public async Task Quote_IsYesterdaysCloseBeforeTheOpen_TheOpenDuringTheSession_AndTheBarAfterTheClose()
    {
        var history = YearEndFixture.History();
        var clock = new BacktestClock(BarFixture.Kst(2025, 12, 22, 8, 0), BarFixture.Calendar);
        var market = new HistoricalMarketData(history, clock, BarFixture.Calendar);

        var pre = await market.GetQuoteAsync("005930");
        Assert.Equal((54_800m, 54_800m, 0m, 0m), (pre.Price, pre.BasePrice, pre.Change, pre.Open));
        Assert.Equal((71_200m, 38_400m), (pre.UpperLimit, pre.LowerLimit));

        clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 11, 0));
        var during = await market.GetQuoteAsync("005930");
        Assert.Equal((55_000m, 55_000m, 55_000m, 55_000m, 0L), (during.Price, during.Open, during.High, during.Low, during.Volume));
        Assert.Equal((54_800m, 200m, 0.36m), (during.BasePrice, during.Change, during.ChangeRatePercent));
        Assert.Equal([new DateOnly(2025, 12, 19)], (await market.GetBarsAsync("005930", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31))).Select(b => b.Date));

        clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        var after = await market.GetQuoteAsync("005930");
        Assert.Equal((55_400m, 55_600m, 54_700m, 1_000_000L), (after.Price, after.High, after.Low, after.Volume));
        Assert.Equal(2, (await market.GetBarsAsync("005930", new DateOnly(2025, 1, 1), new DateOnly(2026, 12, 31))).Count);
    }

    [Fact]
    public async Task OrderBook_IsSynthesisedAroundTheQuote_OnTheTickGrid_WithinTheLimits()
    {
        var history = YearEndFixture.History();
        var clock = new BacktestClock(BarFixture.Kst(2025, 12, 22, 9, 0), BarFixture.Calendar);
        var market = new HistoricalMarketData(history, clock, BarFixture.Calendar);

        // 41,250 on KOSDAQ: the tick is 50 won.
        var book = await market.GetOrderBookAsync("035720");
        Assert.Equal([41_250m, 41_300m, 41_350m], book.Asks.Take(3).Select(l => l.Price));
        Assert.Equal([41_200m, 41_150m, 41_100m], book.Bids.Take(3).Select(l => l.Price));
        Assert.Equal(10, book.Asks.Count);
        Assert.All(book.Asks.Concat(book.Bids), l => Assert.True(KrxRules.IsOnTick(l.Price, KrxMarket.Kosdaq, date: new DateOnly(2025, 12, 22))));
        Assert.All(book.Asks.Concat(book.Bids), l => Assert.Equal(1_000_000L / 390, l.Quantity));
    }

    [Fact]
    public async Task MinuteBars_AreNotSupported_AndRankingsAreEmpty()
    {
        var clock = new BacktestClock(BarFixture.Kst(2025, 12, 22, 9, 0), BarFixture.Calendar);
        var market = new HistoricalMarketData(YearEndFixture.History(), clock, BarFixture.Calendar);
        await Assert.ThrowsAsync<NotSupportedException>(() => market.GetMinuteBarsAsync("005930", new TimeOnly(10, 0)));
        await Assert.ThrowsAsync<NotSupportedException>(() => market.GetBarsAsync("005930", new DateOnly(2025, 1, 1), new DateOnly(2026, 1, 1), BarPeriod.Minute));
        Assert.Empty((await market.GetRankingAsync(RankingKind.Gainers)).Entries);
        Assert.Equal("SK hynix", await market.GetNameAsync("000660"));
    }

    [Fact]
    public void History_RefusesBarsOutOfOrder_OrWithAHighBelowTheClose()
    {
        var bar = new Bar(new DateTimeOffset(2026, 3, 3, 0, 0, 0, KoreaTime.Offset), 100m, 110m, 90m, 105m, 10, 0m);
        var older = bar with { Time = bar.Time.AddDays(-1) };
        var e1 = Assert.Throws<ArgumentException>(() => new BarHistory(new Dictionary<string, IReadOnlyList<Bar>> { ["X"] = [bar, older] }));
        Assert.Contains("oldest first", e1.Message, StringComparison.Ordinal);
        var e2 = Assert.Throws<ArgumentException>(() => new BarHistory(new Dictionary<string, IReadOnlyList<Bar>> { ["X"] = [bar with { High = 100m }] }));
        Assert.Contains("bracket", e2.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task OrderBook_SpreadIsTheSlippageModels_FromWhatIsVisible()
    {
        var clock = new BacktestClock(BarFixture.Kst(2025, 12, 22, 9, 0), BarFixture.Calendar);
        var market = new HistoricalMarketData(YearEndFixture.History(), clock, BarFixture.Calendar, new SlippageModel(1, 0.1m));
        // Open 55,000; the last visible range (12-19) is 1,100: ask ceil(55,110) + 1 tick = 55,300, bid floor(54,890) − 1 tick = 54,700.
        var book = await market.GetOrderBookAsync("005930");
        Assert.Equal((55_300m, 54_700m), (book.Asks[0].Price, book.Bids[0].Price));
    }
}
