using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Simulator.Market;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>The index period chart (FHKUP03500100) of the real client against the simulator over loopback HTTP: the
/// simulator's indexes are derived from its own instruments, and the client walks the windows to cover the range.</summary>
public sealed class IndexChartLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    private static DateOnly TodayKst => DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToKst().DateTime);

    [Fact]
    public async Task Two_years_of_KOSPI_come_back_in_windows_oldest_first_equal_to_the_index_of_the_simulator_s_instruments()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var to = TodayKst.AddDays(-1);
        var from = to.AddYears(-2);

        var bars = await c.Client.MarketData.GetIndexBarsAsync(MarketIndexes.Kospi, from, to);

        Assert.True(c.Wire.Exchanges.Count(e => e.TrId == "FHKUP03500100") >= 5, "two years need several 100-row windows");
        IReadOnlyList<DailyBar> expected;
        lock (sim.Host.Exchange.Gate)
            expected = SimIndex.Series(sim.Host.Exchange.Instruments.Where(i => i.Market == KrxMarket.Kospi)
                .Select(i => (IReadOnlyList<DailyBar>)[.. i.History, i.Today]), SimIndex.BaseLevel(KrxMarket.Kospi));
        var inRange = expected.Where(b => b.Date >= from && b.Date <= to).ToList();
        Assert.True(inRange.Count > 400);
        Assert.Equal(inRange.Select(b => (b.Date, b.Open, b.High, b.Low, b.Close, b.Volume)),
            bars.Select(b => (b.Date, b.Open, b.High, b.Low, b.Close, b.Volume)));
        Assert.All(bars, b => Assert.True(b.Low <= Math.Min(b.Open, b.Close) && b.High >= Math.Max(b.Open, b.Close)));
    }

    [Fact]
    public async Task An_unknown_index_code_is_refused_by_the_broker()
    {
        await using var c = LoopbackClient.Create(sim.Host);

        await Assert.ThrowsAnyAsync<Exception>(() => c.Client.MarketData.GetIndexBarsAsync("9999", TodayKst.AddDays(-30), TodayKst));
    }
}
