using System.Globalization;

namespace KisTrader.Core.Reflection;

/// <summary>
/// Thresholds learned from the record, beside the fixed buckets: a pattern rarely sits on a round number (entries after
/// a +4.8% to +5.2% session straddle the fixed cut at 5; the losses of one name's concentration start where the second
/// lot is bought). For each scale-free feature in <see cref="Features"/> and each direction (≥ c, &lt; c), the cut c
/// whose tail scores highest as an insight would (frequency × how far its average return is below the side's), among
/// tails that hold at least MinTrades trades and at most half of them (a rule on most trades is a change of strategy,
/// not a lesson), and lose (average below 0, more losers than
/// winners). c is the roundest number between the last value outside the tail and the first inside it, so the rule
/// reads "prev_change_pct &gt;= 1.75", not "&gt;= 1.7431". A learned tail holding the same trades as a fixed bucket adds
/// nothing and is left out by the analyzer.
/// </summary>
public static class LearnedCuts
{
    /// <summary>Relative features only (a price or a volume in absolute terms means something else for every ticker):
    /// the move, the indicators as distances, the volume against normal, the concentration, the clock. Not
    /// to_upper_limit_pct: today's change seen through the price limit, a second name for change_pct.</summary>
    public static readonly IReadOnlyList<string> Features =
    [
        "change_pct", "rsi14", "return_5d_pct", "return_20d_pct", "prev_change_pct", "prev_volume_ratio", "volume_surge",
        "price_vs_sma20_pct", "price_vs_sma60_pct", "price_vs_high_20d_pct", "price_vs_vwap_pct", "bb_position_pct", "atr_pct",
        "position_weight_after_pct", "position_weight_pct", "order_weight_pct", "minutes_to_close",
    ];

    private static readonly decimal[] Steps = [100m, 50m, 10m, 5m, 1m, 0.5m, 0.1m, 0.05m, 0.01m];

    /// <summary>The best learned bucket per feature and direction over <paramref name="outcomes"/> (one side's).</summary>
    public static IReadOnlyList<FeatureBucket> Learn(IReadOnlyList<TradeOutcome> outcomes, int minTrades)
    {
        var buckets = new List<FeatureBucket>();
        if (outcomes.Count == 0) return buckets;
        var overall = outcomes.Average(o => o.ReturnPercent);
        var least = Math.Max(1, minTrades);
        foreach (var feature in Features)
        {
            var values = outcomes.Select(o => o.Features.TryGetNumber(feature, out var v) ? (decimal?)v : null).ToList();
            var distinct = values.Where(v => v is not null).Select(v => v!.Value).Distinct().Order().ToList();
            foreach (var upper in (bool[])[true, false])
            {
                // A weight is learned as a ceiling only: "never take a name above X%"; a floor on it teaches nothing.
                if (!upper && IsWeight(feature)) continue;
                (decimal Score, decimal Cut)? best = null;
                // Every cut between two neighbouring observed values: the tail is "≥ the upper one" or "< it".
                for (var k = 1; k < distinct.Count; k++)
                {
                    var cut = Nice(distinct[k - 1], distinct[k]);
                    decimal sum = 0m;
                    int n = 0, losers = 0, winners = 0;
                    for (var i = 0; i < outcomes.Count; i++)
                    {
                        if (values[i] is not { } v || (upper ? v < cut : v >= cut)) continue;
                        n++;
                        sum += outcomes[i].ReturnPercent;
                        if (outcomes[i].NetPnl < 0m) losers++;
                        else if (outcomes[i].NetPnl > 0m) winners++;
                    }
                    // A lesson is about some of the trades: a tail holding most of them is a change of strategy.
                    if (n < least || n * 2 > outcomes.Count) continue;
                    var average = sum / n;
                    if (average >= 0m || losers <= winners || average >= overall) continue;
                    var score = (decimal)n / outcomes.Count * (overall - average);
                    // Ties: the narrower tail (the cut closest to the extreme) says more.
                    if (best is null || score > best.Value.Score || (score == best.Value.Score && (upper ? cut > best.Value.Cut : cut < best.Value.Cut)))
                        best = (score, cut);
                }
                if (best is { Cut: var c }) buckets.Add(Bucket(feature, upper, c));
            }
        }
        return buckets;
    }

    private static bool IsWeight(string feature) => feature is "position_weight_after_pct" or "position_weight_pct" or "order_weight_pct";

    /// <summary>The bucket "feature ≥ cut" (<paramref name="upper"/>) or "feature &lt; cut", marked as learned.</summary>
    public static FeatureBucket Bucket(string feature, bool upper, decimal cut)
    {
        var n = cut.ToString("0.############", CultureInfo.InvariantCulture);
        return upper
            ? new FeatureBucket(feature, $"{feature} ≥ {n} (cut learned from the record)", $"{feature} >= {n}",
                f => f.TryGetNumber(feature, out var v) && v >= cut)
            : new FeatureBucket(feature, $"{feature} < {n} (cut learned from the record)", $"{feature} < {n}",
                f => f.TryGetNumber(feature, out var v) && v < cut);
    }

    /// <summary>The roundest number c with <paramref name="below"/> &lt; c ≤ <paramref name="above"/>: the largest
    /// multiple of the coarsest step that still falls between them (else <paramref name="above"/> itself).</summary>
    public static decimal Nice(decimal below, decimal above)
    {
        foreach (var step in Steps)
        {
            var c = Math.Floor(above / step) * step;
            if (c > below && c <= above) return c;
        }
        return above;
    }
}
