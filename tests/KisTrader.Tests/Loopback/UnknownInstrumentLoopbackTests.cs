using KisTrader.Core.Market;
using KisTrader.Kis;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>
/// KIS answers an unknown stock code successfully with a zero price (docs/kis-api-addendum.md, issue 19); the client
/// turns that into a typed "no such instrument" rather than a quote of 0 won.
/// </summary>
public sealed class UnknownInstrumentLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    private const string Unknown = "999999";

    [Fact]
    public async Task A_quote_of_an_unknown_code_is_instrument_not_found_not_a_zero_price()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var ex = await Assert.ThrowsAsync<KisInstrumentNotFoundException>(() => c.Client.MarketData.GetQuoteAsync(Unknown));
        Assert.Equal(Unknown, ex.Ticker);
    }

    [Fact]
    public async Task An_order_book_of_an_unknown_code_is_instrument_not_found()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        await Assert.ThrowsAsync<KisInstrumentNotFoundException>(() => c.Client.MarketData.GetOrderBookAsync(Unknown));
    }

    [Fact]
    public async Task Name_market_and_charts_of_an_unknown_code_are_empty()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var md = c.Client.MarketData;
        Assert.Null(await md.GetNameAsync(Unknown));
        Assert.Null(await md.GetMarketAsync(Unknown));
        var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToKst().DateTime);
        Assert.Empty(await md.GetBarsAsync(Unknown, today.AddDays(-30), today));
        Assert.Empty(await md.GetMinuteBarsAsync(Unknown, new TimeOnly(15, 30)));
        Assert.Empty(await md.GetRecentTradesAsync(Unknown));
    }
}
