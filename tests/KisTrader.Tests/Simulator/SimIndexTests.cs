using KisTrader.Simulator.Market;

namespace KisTrader.Tests.Simulator;

/// <summary>The simulator's index: an equal-weighted chain of its instruments' price relatives.</summary>
public sealed class SimIndexTests
{
    private static DailyBar Day(int day, decimal open, decimal high, decimal low, decimal close, long volume = 10) =>
        new(new DateOnly(2026, 12, day), open, high, low, close, volume, close * volume);

    [Fact]
    public void The_first_day_is_the_base_level_and_each_next_day_moves_by_the_mean_relative_of_the_instruments()
    {
        IReadOnlyList<DailyBar> a = [Day(1, 100, 100, 100, 100), Day(2, 100, 120, 100, 110)];   // +10%
        IReadOnlyList<DailyBar> b = [Day(1, 50, 50, 50, 50), Day(2, 50, 50, 40, 45)];           // -10%
        IReadOnlyList<DailyBar> c = [Day(2, 7, 7, 7, 7)];                                         // no previous close: left out

        var index = SimIndex.Series([a, b, c], 1000m);

        Assert.Equal((1000m, 1000m, 1000m, 1000m, 20L), (index[0].Open, index[0].High, index[0].Low, index[0].Close, index[0].Volume));
        // Open: mean(1, 1) = 1; high: mean(1.2, 1.0) = 1.1; low: mean(1.0, 0.8) = 0.9; close: mean(1.1, 0.9) = 1.0.
        Assert.Equal((1000m, 1100m, 900m, 1000m, 30L), (index[1].Open, index[1].High, index[1].Low, index[1].Close, index[1].Volume));
    }

    [Fact]
    public void Index_codes_map_to_their_markets()
    {
        Assert.Equal(KisTrader.Core.Market.KrxMarket.Kospi, SimIndex.MarketOf("0001"));
        Assert.Equal(KisTrader.Core.Market.KrxMarket.Kosdaq, SimIndex.MarketOf("1001"));
        Assert.Null(SimIndex.MarketOf("005930"));
    }
}
