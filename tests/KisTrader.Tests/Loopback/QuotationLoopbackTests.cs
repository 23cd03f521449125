using KisTrader.Core.Market;
using KisTrader.Tests.Loopback.Support;
using SimBar = KisTrader.Simulator.Market.DailyBar;

namespace KisTrader.Tests.Loopback;

/// <summary>The quotation functions of the real client against the simulator in paper mode, over loopback HTTP.</summary>
public sealed class QuotationLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    private static readonly string Code = LoopbackUniverse.Liquid(3);

    private static DateOnly TodayKst => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToKst().DateTime);

    private static void AssertOhlc(Bar bar)
    {
        Assert.True(bar.Low > 0, $"{bar.Time:yyyy-MM-dd HH:mm}: low {bar.Low} is not positive");
        Assert.True(bar.Low <= bar.Open && bar.Open <= bar.High, $"{bar.Time:yyyy-MM-dd HH:mm}: open {bar.Open} outside [{bar.Low}, {bar.High}]");
        Assert.True(bar.Low <= bar.Close && bar.Close <= bar.High, $"{bar.Time:yyyy-MM-dd HH:mm}: close {bar.Close} outside [{bar.Low}, {bar.High}]");
        Assert.True(bar.Volume >= 0);
    }

    [Fact]
    public async Task InquirePrice_ReturnsTheSimulatorsQuoteWithLimitsAndTick()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var quote = await c.Client.MarketData.GetQuoteAsync(Code);

        var inst = sim.Host.Exchange.Instrument(Code)!;
        decimal basePrice, upper, lower;
        lock (sim.Host.Exchange.Gate) (basePrice, upper, lower) = (inst.BasePrice, inst.Limits.Upper, inst.Limits.Lower);
        Assert.Equal(Code, quote.Ticker);
        Assert.Null(quote.Name); // §4.1 has no instrument name field
        Assert.Equal(basePrice, quote.BasePrice);
        Assert.Equal(upper, quote.UpperLimit);
        Assert.Equal(lower, quote.LowerLimit);
        Assert.Equal(KrxRules.TickSize(quote.Price, inst.Market, InstrumentKind.Stock, inst.TradingDate), quote.TickSize);
        Assert.InRange(quote.Price, lower, upper);
        Assert.True(KrxRules.IsOnTick(quote.Price, inst.Market, InstrumentKind.Stock, inst.TradingDate), $"price {quote.Price} is off tick");
        Assert.Equal(quote.Price - basePrice, quote.Change);
        Assert.True(quote.Low <= quote.Price && quote.Price <= quote.High);
    }

    [Fact]
    public async Task InquireCcnl_ReturnsAtMost30RecentTradesNewestFirst()
    {
        await sim.Host.WaitForTradingAsync();
        await using var c = LoopbackClient.Create(sim.Host);
        var quote = await c.Api.InquirePriceAsync(Code);
        var trades = await c.Client.MarketData.GetRecentTradesAsync(Code);

        Assert.NotEmpty(trades);
        Assert.True(trades.Count <= 30);
        for (var i = 1; i < trades.Count; i++)
            Assert.True(trades[i].Time <= trades[i - 1].Time, "trades are not newest first");
        Assert.All(trades, t =>
        {
            Assert.InRange(t.Price, quote.LowerLimit, quote.UpperLimit);
            Assert.True(t.Volume > 0);
            Assert.Equal(t.Price - quote.BasePrice, t.Change);
        });
    }

    [Fact]
    public async Task InquireDailyPrice_Returns30DaysOldestFirstMatchingTheSimulatorsHistory()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var bars = await c.Api.InquireDailyPriceAsync(Code, BarPeriod.Day);

        Assert.Equal(30, bars.Count);
        for (var i = 1; i < bars.Count; i++) Assert.True(bars[i].Date > bars[i - 1].Date, "bars are not oldest first without duplicates");
        Assert.All(bars, AssertOhlc);
        var inst = sim.Host.Exchange.Instrument(Code)!;
        Dictionary<DateOnly, SimBar> history;
        lock (sim.Host.Exchange.Gate) history = inst.History.ToDictionary(b => b.Date);
        var past = bars.Where(b => b.Date < inst.TradingDate).ToList();
        Assert.True(past.Count >= 29);
        Assert.All(past, b =>
        {
            var h = history[b.Date];
            Assert.Equal((h.Open, h.High, h.Low, h.Close, h.Volume), (b.Open, b.High, b.Low, b.Close, b.Volume));
        });
    }

    [Fact]
    public async Task InquireDailyItemChartPrice_TwoYearsInWindows_HasNoGapsOrDuplicatesAndIsOldestFirst()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var to = TodayKst.AddDays(-1);
        var from = to.AddYears(-2);
        var bars = await c.Client.MarketData.GetBarsAsync(Code, from, to, BarPeriod.Day);

        var calls = c.Wire.Exchanges.Count(e => e.TrId == "FHKST03010100");
        Assert.True(calls >= 5, $"two years of days need several 100-row windows; the client made {calls} call(s)");
        var inst = sim.Host.Exchange.Instrument(Code)!;
        List<SimBar> expected;
        lock (sim.Host.Exchange.Gate) expected = inst.History.Where(b => b.Date >= from && b.Date <= to).ToList();
        Assert.True(expected.Count > 400, "the simulator should hold about 500 trading days in two years");
        Assert.Equal(expected.Select(b => b.Date), bars.Select(b => b.Date)); // same days, same order: no gap, no duplicate
        for (var i = 1; i < bars.Count; i++) Assert.True(bars[i].Date > bars[i - 1].Date);
        Assert.All(bars, AssertOhlc);
        Assert.Equal(expected.Select(b => b.Close), bars.Select(b => b.Close));
    }

    [Fact]
    public async Task InquireTimeItemChartPrice_ReturnsTodaysMinuteBarsOldestFirst()
    {
        await sim.Host.WaitForTradingAsync();
        await using var c = LoopbackClient.Create(sim.Host);
        var until = TimeOnly.FromTimeSpan(DateTimeOffset.UtcNow.ToKst().TimeOfDay);
        var one = await c.Api.InquireTimeItemChartPriceAsync(Code, until);
        var all = await c.Client.MarketData.GetMinuteBarsAsync(Code, until);

        Assert.NotEmpty(one);
        Assert.True(one.Count <= 30);
        Assert.True(all.Count >= one.Count);
        for (var i = 1; i < all.Count; i++) Assert.True(all[i].Time > all[i - 1].Time, "minute bars are not oldest first without duplicates");
        Assert.All(all, b =>
        {
            AssertOhlc(b);
            Assert.Equal(TodayKst, b.Date);
            Assert.True(TimeOnly.FromTimeSpan(b.Time.ToKst().TimeOfDay) <= until);
        });
    }

    [Fact]
    public async Task InquireAskingPrice_ReturnsTenLevelsEachSideBestFirstAndUncrossed()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var book = await c.Client.MarketData.GetOrderBookAsync(Code);

        Assert.Equal(Code, book.Ticker);
        Assert.Equal(10, book.Asks.Count);
        Assert.Equal(10, book.Bids.Count);
        for (var i = 1; i < 10; i++)
        {
            Assert.True(book.Asks[i].Price > book.Asks[i - 1].Price, "asks are not best (lowest) first");
            Assert.True(book.Bids[i].Price < book.Bids[i - 1].Price, "bids are not best (highest) first");
        }
        Assert.True(book.Asks[0].Price > book.Bids[0].Price, "the book is crossed");
        Assert.All(book.Asks.Concat(book.Bids), l => Assert.True(l.Quantity > 0));
        Assert.Equal(book.Asks.Sum(l => l.Quantity), book.TotalAskQuantity);
        Assert.Equal(book.Bids.Sum(l => l.Quantity), book.TotalBidQuantity);
    }
}
