using System.Globalization;

namespace KisTrader.Core.Reflection;

/// <summary>
/// M2's statistics (docs/reflection.md): for each side and each <see cref="FeatureBuckets"/> bucket holding at least
/// MinTrades outcomes of that side — losers (net P&amp;L &lt; 0), winners (&gt; 0), average return, net P&amp;L;
/// frequency = bucket trades / trades of the side; impact = how many percentage points the bucket's average return is
/// below the side's overall average (≥ 0); score = frequency × impact. Buckets no worse than their side (impact 0)
/// teach no restriction and are left out. Ranked by score (then trades, side, feature, bucket order) and numbered
/// "I-01", "I-02", … in that order, so the same record gives the same insights. Besides the fixed buckets, each side
/// gets the cuts <see cref="LearnedCuts"/> learns from its own record (a learned bucket holding exactly the trades of a
/// fixed one is left out).
/// </summary>
public static class FactorAnalyzer
{
    public const string Source = "statistics";

    public static IReadOnlyList<Insight> Analyze(IReadOnlyList<TradeOutcome> outcomes, int minTrades)
    {
        var found = new List<(Insight Insight, int Order)>();
        foreach (var side in (string[])["BUY", "SELL"])
        {
            var ofSide = outcomes.Where(o => o.Action == side).ToList();
            if (ofSide.Count == 0) continue;
            var overall = ofSide.Average(o => o.ReturnPercent);
            // The fixed buckets, then the cuts learned from this side's record that split it differently.
            var learned = LearnedCuts.Learn(ofSide, minTrades);
            var fixedSets = new List<HashSet<string>>();
            var buckets = FeatureBuckets.All.Select(b => (Bucket: b, Learned: false)).Concat(learned.Select(b => (Bucket: b, Learned: true))).ToList();
            for (var b = 0; b < buckets.Count; b++)
            {
                var (bucket, isLearned) = buckets[b];
                var inBucket = ofSide.Where(o => bucket.Contains(o.Features)).ToList();
                if (!isLearned) fixedSets.Add([.. inBucket.Select(o => o.TradeId)]);
                else if (fixedSets.Any(s => s.SetEquals(inBucket.Select(o => o.TradeId)))) continue;
                if (inBucket.Count < Math.Max(1, minTrades)) continue;
                var average = inBucket.Average(o => o.ReturnPercent);
                var impact = Math.Max(0m, overall - average);
                if (impact <= 0m) continue;
                var frequency = (decimal)inBucket.Count / ofSide.Count;
                var losers = inBucket.Count(o => o.NetPnl < 0m);
                var winners = inBucket.Count(o => o.NetPnl > 0m);
                var description = $"{side} when {bucket.Label}: {inBucket.Count} trades, {losers} lost, average {Pct(average)} vs {Pct(overall)} overall";
                found.Add((new Insight("", Source, side, bucket.Feature, bucket.Label, bucket.Condition, inBucket.Count, losers, winners,
                    Math.Round(average, 2), inBucket.Sum(o => o.NetPnl), Math.Round(frequency, 4), Math.Round(impact, 2),
                    Math.Round(frequency * impact, 4), description), (side == "BUY" ? 0 : 10_000) + b));
            }
        }
        return Number(found.OrderByDescending(f => f.Insight.Score).ThenByDescending(f => f.Insight.Trades).ThenBy(f => f.Order)
            .Select(f => f.Insight));
    }

    /// <summary>Gives the insights ids "I-01", "I-02", … in their order.</summary>
    public static IReadOnlyList<Insight> Number(IEnumerable<Insight> insights) =>
        [.. insights.Select((i, n) => i with { InsightId = $"I-{n + 1:00}" })];

    internal static string Pct(decimal v) => (v < 0 ? "−" : "") + Math.Abs(Math.Round(v, 2)).ToString("0.00", CultureInfo.InvariantCulture) + "%";
}
