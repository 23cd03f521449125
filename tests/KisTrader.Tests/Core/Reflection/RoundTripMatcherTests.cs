using KisTrader.Core.Reflection;
using static KisTrader.Tests.Core.Reflection.Fakes.ReflectionTrades;

namespace KisTrader.Tests.Core.Reflection;

/// <summary>Costs by hand (commission 0.015% floored per trade, 2026 KOSPI sell tax 0.20% floored per trade):
/// buy A 10 × 10,000 → 15; buy B 10 × 11,000 → 16 (16.5); sell S1 15 × 12,000 → 27 + 360; sell S2 5 × 10,000 → 7 + 100.</summary>
public sealed class RoundTripMatcherTests
{

    private static RoundTripMatch Scenario() => new RoundTripMatcher().Match([
        Sell("S2", "005930", 5, 10_000m, Kst(2026, 11, 10)),
        Buy("A", "005930", 10, 10_000m, Kst(2026, 11, 2)),
        Buy("B", "005930", 10, 11_000m, Kst(2026, 11, 3)),
        Sell("S1", "005930", 15, 12_000m, Kst(2026, 11, 5)),
    ]);

    [Fact]
    public void A_sell_closes_the_oldest_lot_first_and_splits_the_next_one()
    {
        var trips = Scenario().RoundTrips;
        Assert.Equal(3, trips.Count);
        Assert.Equal(("A", "S1", 10L), (trips[0].BuyTradeId, trips[0].SellTradeId, trips[0].Quantity));
        Assert.Equal(("B", "S1", 5L), (trips[1].BuyTradeId, trips[1].SellTradeId, trips[1].Quantity));
        Assert.Equal(("B", "S2", 5L), (trips[2].BuyTradeId, trips[2].SellTradeId, trips[2].Quantity));
    }

    [Fact]
    public void Each_piece_carries_its_pro_rata_share_of_both_legs_costs_and_the_sell_tax()
    {
        var trips = Scenario().RoundTrips;
        // A×S1: 15 (whole buy) + 387 × 10/15 = 258 → 273; gross 20,000.
        Assert.Equal((20_000m, 273m, 19_727m, 19.73m), (trips[0].GrossPnl, trips[0].Costs, trips[0].NetPnl, trips[0].ReturnPercent));
        // B×S1: 16 × 5/10 = 8 + 387 × 5/15 = 129 → 137; gross 5,000; 4,863 / 55,000.
        Assert.Equal((5_000m, 137m, 4_863m, 8.84m), (trips[1].GrossPnl, trips[1].Costs, trips[1].NetPnl, trips[1].ReturnPercent));
        // B×S2: 8 + 107 (whole sell) → 115; gross −5,000.
        Assert.Equal((-5_000m, 115m, -5_115m, -9.30m), (trips[2].GrossPnl, trips[2].Costs, trips[2].NetPnl, trips[2].ReturnPercent));
    }

    [Fact]
    public void A_buy_and_its_sell_within_the_same_second_still_make_a_round_trip_whatever_their_ids()
    {
        var at = Kst(2026, 11, 2);
        // "t-z…" sorts after "t-a…": by id alone the sell would come first and find no lot.
        var match = new RoundTripMatcher().Match([Buy("t-z", "005930", 10, 10_000m, at), Sell("t-a", "005930", 10, 9_000m, at)]);
        var trip = Assert.Single(match.RoundTrips);
        Assert.Equal(("t-z", "t-a"), (trip.BuyTradeId, trip.SellTradeId));
        Assert.Empty(match.UnmatchedSoldQuantities);
        Assert.Empty(match.OpenLots);
    }

    [Fact]
    public void A_sell_closes_its_own_buy_not_a_new_buy_decided_after_it_that_filled_in_the_same_second()
    {
        // Seen live: bought at 126,200, stop-loss sold at 100,800, bought again at 100,900, all three fills in one second.
        // By id the new buy ("t-a…") came first and the sell was matched against it, a -0.3% trip instead of -20%.
        var at = Kst(2026, 11, 2);
        var decided = at.AddSeconds(-1);
        var match = new RoundTripMatcher().Match([
            Buy("t-z", "005930", 79, 126_200m, at) with { OrderedAt = decided },
            Sell("t-m", "005930", 79, 100_800m, at) with { OrderedAt = decided.AddMilliseconds(300) },
            Buy("t-a", "005930", 97, 100_900m, at) with { OrderedAt = decided.AddMilliseconds(600) },
        ]);
        var trip = Assert.Single(match.RoundTrips);
        Assert.Equal(("t-z", "t-m", 126_200m), (trip.BuyTradeId, trip.SellTradeId, trip.EntryPrice));
        var open = Assert.Single(match.OpenLots);
        Assert.Equal(("t-a", 97L), (open.BuyTradeId, open.Quantity));
    }

    [Fact]
    public void Unsold_shares_remain_open_and_sells_without_a_buy_are_counted_apart()
    {
        var match = new RoundTripMatcher().Match([
            Sell("S0", "000660", 3, 200_000m, Kst(2026, 11, 2)),
            Buy("A", "005930", 10, 10_000m, Kst(2026, 11, 2)),
            Sell("S1", "005930", 4, 10_500m, Kst(2026, 11, 3)),
        ]);
        Assert.Equal(6L, match.OpenQuantities["005930"]);
        Assert.Equal(3L, match.UnmatchedSoldQuantities["000660"]);
        Assert.Single(match.RoundTrips);
    }
}
