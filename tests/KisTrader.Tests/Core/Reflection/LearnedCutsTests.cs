using KisTrader.Core.Reflection;
using KisTrader.Core.Rules;
using KisTrader.Tests.Core.Reflection.Fakes;

namespace KisTrader.Tests.Core.Reflection;

public sealed class LearnedCutsTests
{
    private static TradeOutcome Buy(string id, string feature, decimal value, decimal returnPct) =>
        Outcomes.Of(id, "BUY", returnPct * 1_000m, returnPct, $$"""{"side":"BUY","{{feature}}":{{value}}}""");

    [Fact]
    public void The_cut_falls_between_the_losers_and_the_rest_on_the_roundest_number()
    {
        // Entries after a +4.83..+5.19% session all lost; those after +3.1% or less won. The fixed buckets cut at 5 and
        // split the losers in two; the learned cut keeps them together.
        IReadOnlyList<TradeOutcome> record =
        [
            Buy("l1", "prev_change_pct", 4.83m, -6m), Buy("l2", "prev_change_pct", 4.97m, -7m), Buy("l3", "prev_change_pct", 5.19m, -6m),
            .. Enumerable.Range(1, 5).Select(i => Buy($"w{i}", "prev_change_pct", 0.5m * i - 0.4m, 3m)),
        ];
        var bucket = Assert.Single(LearnedCuts.Learn(record, minTrades: 3), b => b.Feature == "prev_change_pct");
        // Between 2.1 (the highest winner) and 4.83: the roundest number is 4 (coarser steps fall outside or on 0).
        Assert.Equal("prev_change_pct >= 4", bucket.Condition);
        Assert.Equal(["l1", "l2", "l3"], record.Where(o => bucket.Contains(o.Features)).Select(o => o.TradeId));
        Assert.True(RuleLanguage.Parse(bucket.Condition).Evaluate(record[0].Features));
    }

    [Theory]
    [InlineData(2.1, 4.83, 4)]
    [InlineData(1.74, 1.75, 1.75)]
    [InlineData(-12, -9.5, -10)]
    [InlineData(16.07, 16.54, 16.5)]
    [InlineData(150, 260, 200)]
    public void Nice_is_the_roundest_number_above_the_lower_value_and_at_most_the_upper(double below, double above, double expected)
    {
        Assert.Equal((decimal)expected, LearnedCuts.Nice((decimal)below, (decimal)above));
    }

    [Fact]
    public void A_tail_holding_more_than_half_of_the_trades_or_fewer_than_MinTrades_is_not_a_lesson()
    {
        // Six of ten lost, all at rsi14 65: a rule on 60% of the entries would be a change of strategy, not a lesson.
        IReadOnlyList<TradeOutcome> broad =
        [
            .. Enumerable.Range(1, 6).Select(i => Buy($"l{i}", "rsi14", 65m, -3m)),
            .. Enumerable.Range(1, 4).Select(i => Buy($"w{i}", "rsi14", 40m + i, 5m)),
        ];
        Assert.Empty(LearnedCuts.Learn(broad, minTrades: 3));
        // Two small losers at the top: any tail of three holds a bigger winner, so none loses.
        IReadOnlyList<TradeOutcome> few =
        [
            Buy("l1", "rsi14", 90m, -2m), Buy("l2", "rsi14", 91m, -2m),
            .. Enumerable.Range(1, 6).Select(i => Buy($"w{i}", "rsi14", 50m + i, 5m)),
        ];
        Assert.Empty(LearnedCuts.Learn(few, minTrades: 3));
    }

    [Fact]
    public void A_weight_is_learned_as_a_ceiling_only()
    {
        // Small positions lost and large ones won: no "weight below X" rule, and no ceiling either (the top wins).
        IReadOnlyList<TradeOutcome> record =
        [
            .. Enumerable.Range(1, 3).Select(i => Buy($"l{i}", "position_weight_after_pct", i, -4m)),
            .. Enumerable.Range(1, 5).Select(i => Buy($"w{i}", "position_weight_after_pct", 10m + i, 2m)),
        ];
        Assert.Empty(LearnedCuts.Learn(record, minTrades: 3));
    }

    [Fact]
    public void The_analyzer_adds_a_learned_cut_only_when_it_splits_the_trades_differently_from_a_fixed_bucket()
    {
        // rsi14 75 losers and 55 winners: the fixed bucket rsi14 >= 70 holds exactly the losers, so no learned twin.
        IReadOnlyList<TradeOutcome> same = [.. Enumerable.Range(1, 4).Select(i => Outcomes.Buy($"hot{i}", 75m, -6m)), .. Enumerable.Range(1, 6).Select(i => Outcomes.Buy($"ok{i}", 55m, 4m))];
        Assert.DoesNotContain(FactorAnalyzer.Analyze(same, 3), i => i.Bucket.Contains("learned", StringComparison.Ordinal));
        // Losers at rsi14 62..64 sit inside the fixed 50–70 bucket with winners at 52..56: only a learned cut finds them.
        IReadOnlyList<TradeOutcome> inside = [.. Enumerable.Range(1, 3).Select(i => Outcomes.Buy($"hot{i}", 61m + i, -6m)), .. Enumerable.Range(1, 5).Select(i => Outcomes.Buy($"ok{i}", 51m + i, 4m))];
        var learned = Assert.Single(FactorAnalyzer.Analyze(inside, 3), i => i.Bucket.Contains("learned", StringComparison.Ordinal));
        Assert.Equal(("rsi14", "rsi14 >= 60", 3, 3), (learned.Feature, learned.Condition, learned.Trades, learned.Losers));
    }
}
