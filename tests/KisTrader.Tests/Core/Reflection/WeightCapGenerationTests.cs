using KisTrader.Core.Reflection;

namespace KisTrader.Tests.Core.Reflection;

/// <summary>A losing ceiling on a position's weight becomes a cap (block) whatever its loss rate.</summary>
public sealed class WeightCapGenerationTests
{
    private static Insight Losing(string feature, string condition, int trades, int losers, decimal average) =>
        new("I-01", "statistics", "BUY", feature, condition, condition, trades, losers, trades - losers, average, -1_000_000m, 0.3m, 2m, 0.6m, condition);

    [Fact]
    public void A_losing_position_weight_ceiling_is_a_cap_even_at_a_modest_loss_rate()
    {
        // 56% lost, average −2.6%: below every loss-rate threshold, yet the concentrated entries lost on net.
        var p = Assert.Single(RuleGenerator.Generate([Losing("position_weight_after_pct", "position_weight_after_pct >= 16.5", 66, 37, -2.6m)], 3));
        Assert.Equal(("sizing", "block", "side == \"BUY\" and position_weight_after_pct >= 16.5"), (p.Category, p.Action, p.Condition));
        var heavy = Assert.Single(RuleGenerator.Generate([Losing("position_weight_pct", "position_weight_pct >= 20", 10, 6, -1m)], 3));
        Assert.Equal("block", heavy.Action);
    }

    [Fact]
    public void Losing_adds_to_held_positions_are_capped_at_one_lot_and_losing_first_entries_are_not()
    {
        // 62% of the adds lost, average −3.6%: no pyramiding.
        var adds = Assert.Single(RuleGenerator.Generate([Losing("held", "held", 141, 88, -3.6m)], 3));
        Assert.Equal(("sizing", "block", "side == \"BUY\" and held"), (adds.Category, adds.Action, adds.Condition));
        var first = Assert.Single(RuleGenerator.Generate([Losing("held", "not held", 80, 50, -3.6m)], 3));
        Assert.Equal(("sizing", "reduce_size"), (first.Category, first.Action));
    }

    [Fact]
    public void A_band_or_a_floor_on_a_weight_or_an_order_size_ceiling_is_not_a_cap()
    {
        // A band keeps the old thresholds: 55% lost and −2.6% asks for approval.
        Assert.Equal("require_approval", Assert.Single(RuleGenerator.Generate(
            [Losing("position_weight_after_pct", "position_weight_after_pct >= 20 and position_weight_after_pct < 30", 20, 11, -2.6m)], 3)).Action);
        // The order's own size is not the name's concentration.
        Assert.Equal("require_approval", Assert.Single(RuleGenerator.Generate([Losing("order_weight_pct", "order_weight_pct >= 5", 20, 11, -2.6m)], 3)).Action);
    }
}
