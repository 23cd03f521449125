using KisTrader.Core.Reflection;
using KisTrader.Core.Trades;
using static KisTrader.Tests.Core.Reflection.Fakes.ReflectionTrades;

namespace KisTrader.Tests.Core.Reflection;

public sealed class PerformanceAggregatorTests
{
    private static readonly IReadOnlyList<TradeRecord> Record =
    [
        Buy("A", "005930", 10, 10_000m, Kst(2026, 10, 20)),   // before the period: found by the look-back
        Buy("B", "005930", 10, 11_000m, Kst(2026, 11, 3)),
        Sell("S1", "005930", 15, 12_000m, Kst(2026, 11, 5)),
        Sell("S2", "005930", 5, 10_000m, Kst(2026, 11, 6)),
        Buy("C", "000660", 2, 200_000m, Kst(2026, 11, 6)),
    ];

    private static PerformanceReport Report() => new PerformanceAggregator().Aggregate(Record, Kst(2026, 11, 2, 0), Kst(2026, 11, 9, 0));

    [Fact]
    public void The_period_counts_its_own_trades_but_matches_sells_to_older_buys()
    {
        var r = Report();
        Assert.Equal((4, 2, 2), (r.Trades, r.Buys, r.Sells));
        Assert.Equal(3, r.RoundTrips.Count);
        Assert.Equal("A", r.RoundTrips[0].BuyTradeId);
    }

    [Fact]
    public void Metrics_are_net_of_costs_and_match_the_hand_computed_numbers()
    {
        var r = Report();
        Assert.Equal(19_475m, r.RealisedNetPnl);               // 19,727 + 4,863 − 5,115
        Assert.Equal(525m, r.TotalCosts);                      // 273 + 137 + 115
        Assert.Equal(0.6667m, r.WinRate);                      // 2 of 3
        Assert.Equal(6.42m, r.AverageReturnPercent);           // (19.73 + 8.84 − 9.30) / 3
        Assert.Equal(-5_115m, r.WorstLossKrw);
        Assert.Equal(2L, r.OpenQuantities["000660"]);
        Assert.False(r.OpenQuantities.ContainsKey("005930"));
    }

    [Fact]
    public void Best_and_worst_are_the_entry_decisions_with_their_justification_and_snapshot()
    {
        var r = Report();
        var best = Assert.Single(r.Best);
        Assert.Equal(("A", 19_727m, 19.73m), (best.TradeId, best.NetPnl, best.ReturnPercent));
        Assert.Contains("test reason A", best.Justification);
        var worst = Assert.Single(r.Worst);
        Assert.Equal(("B", -252m, -0.23m), (worst.TradeId, worst.NetPnl, worst.ReturnPercent)); // 4,863 − 5,115 on 110,000
        Assert.Equal(Record[1].MarketSnapshot, worst.MarketSnapshot);
    }

    [Fact]
    public void An_empty_period_reports_zeros()
    {
        var r = new PerformanceAggregator().Aggregate([], Kst(2026, 11, 2, 0), Kst(2026, 11, 9, 0));
        Assert.Equal((0, 0m, 0m, 0m), (r.RoundTrips.Count, r.WinRate, r.AverageReturnPercent, r.WorstLossKrw));
    }
}
