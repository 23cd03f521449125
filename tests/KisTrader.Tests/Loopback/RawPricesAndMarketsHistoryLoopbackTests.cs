using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Simulator;
using KisTrader.Simulator.Market;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>The real client's raw-price chart (FID_ORG_ADJ_PRC=1) and instrument market (rprs_mrkt_kor_name) against the
/// simulator with its default universe, whose 005930 splits 1:50 effective 2024-05-02.</summary>
public sealed class RawPricesAndMarketsHistoryLoopbackTests
{
    [Fact]
    public async Task Raw_bars_are_the_adjusted_ones_times_the_split_ratio_before_the_split_and_markets_are_read_from_the_quote()
    {
        await using var host = await LoopbackSimulator.StartAsync(SimulatorMode.Paper, s =>
        {
            s.Universe = DefaultUniverse.Create();
            s.HistoryDays = 1000;
        });
        await using var c = LoopbackClient.Create(host);
        var (from, to) = (new DateOnly(2024, 4, 22), new DateOnly(2024, 5, 10));

        var adjusted = await c.Client.MarketData.GetBarsAsync("005930", from, to);
        var raw = await ((IRawPriceChart)c.Client.MarketData).GetRawDailyBarsAsync("005930", from, to);

        Assert.Equal(adjusted.Select(b => b.Date), raw.Select(b => b.Date));
        Assert.Contains(raw, b => b.Date < new DateOnly(2024, 5, 2));
        Assert.Contains(raw, b => b.Date >= new DateOnly(2024, 5, 2));
        Assert.All(adjusted.Zip(raw), p =>
            Assert.Equal(p.First.Close * (p.First.Date < new DateOnly(2024, 5, 2) ? 50 : 1), p.Second.Close));

        var markets = (IInstrumentMarkets)c.Client.MarketData;
        Assert.Equal(KrxMarket.Kospi, await markets.GetMarketAsync("005930"));
        Assert.Equal(KrxMarket.Kosdaq, await markets.GetMarketAsync("247540"));
    }
}
