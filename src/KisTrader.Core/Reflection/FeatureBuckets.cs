using System.Globalization;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>One bucket of one feature: a rule-language condition and the same test in code (both are generated from
/// the same bounds, so the analysis and the rule it leads to always agree). An absent feature is in no bucket.</summary>
public sealed record FeatureBucket(string Feature, string Label, string Condition, Func<RuleFeatures, bool> Contains);

/// <summary>
/// The fixed buckets M2 analyses, per feature (lower bound inclusive, upper exclusive):
/// <list type="bullet">
/// <item>rsi14: &lt;30, 30–50, 50–70, ≥70; change_pct: &lt;−3, −3..0, 0..3, 3..10, ≥10;</item>
/// <item>volume_surge: &lt;1, 1–2, 2–4, ≥4; price_vs_sma20_pct and return_5d_pct: &lt;−5, −5..0, 0..5, 5..10, ≥10;</item>
/// <item>bb_position_pct: &lt;0, 0–20, 20–80, 80–100, ≥100; hour_kst: &lt;10, 10–12, 12–14, ≥14;</item>
/// <item>position_weight_pct: &lt;5, 5–10, 10–20, ≥20; confidence: &lt;0.6, 0.6–0.7, ≥0.7; sentiment: &lt;−0.3, −0.3..0.3, ≥0.3;</item>
/// <item>prev_change_pct: &lt;−5, −5..0, 0..5, ≥5; prev_volume_ratio: &lt;0.5, 0.5–1, 1–2, ≥2;</item>
/// <item>position_weight_after_pct: &lt;10, 10–20, 20–30, ≥30; minutes_to_close: 0–30 (the last half hour, both ends
/// included), 31–120, &gt;120;</item>
/// <item>ml_prob (the ML signal's probability; absent when no model scored the trade): &lt;0.4, 0.4–0.5, 0.5–0.6, ≥0.6;</item>
/// <item>trend: up, down, flat; flags (signals, above_high_20d, held): set or not set.</item>
/// </list>
/// </summary>
public static class FeatureBuckets
{
    public static readonly IReadOnlyList<FeatureBucket> All = Build();

    private static List<FeatureBucket> Build()
    {
        var list = new List<FeatureBucket>();
        Ranges(list, "rsi14", 30, 50, 70);
        Ranges(list, "change_pct", -3, 0, 3, 10);
        Ranges(list, "volume_surge", 1, 2, 4);
        Ranges(list, "price_vs_sma20_pct", -5, 0, 5, 10);
        Ranges(list, "return_5d_pct", -5, 0, 5, 10);
        Ranges(list, "bb_position_pct", 0, 20, 80, 100);
        foreach (var trend in (string[])["up", "down", "flat"])
            list.Add(new FeatureBucket("trend", $"trend = {trend}", $"trend == \"{trend}\"",
                f => f.TryGetText("trend", out var t) && t == trend));
        Ranges(list, "hour_kst", 10, 12, 14);
        Ranges(list, "prev_change_pct", -5, 0, 5);
        Ranges(list, "prev_volume_ratio", 0.5m, 1, 2);
        Ranges(list, "position_weight_after_pct", 10, 20, 30);
        // Minutes are whole, so "the last half hour" is 0..30 inclusive.
        Between(list, "minutes_to_close", 0, 30, "the last half hour");
        Between(list, "minutes_to_close", 31, 120, "31–120 minutes to the close");
        list.Add(new FeatureBucket("minutes_to_close", "more than 120 minutes to the close", "minutes_to_close > 120",
            f => f.TryGetNumber("minutes_to_close", out var v) && v > 120));
        Ranges(list, "position_weight_pct", 5, 10, 20);
        Ranges(list, "confidence", 0.6m, 0.7m);
        Ranges(list, "sentiment", -0.3m, 0.3m);
        Ranges(list, "ml_prob", 0.4m, 0.5m, 0.6m);
        foreach (var flag in (string[])["signal_volume_surge", "signal_breakout", "signal_sharp_drop", "signal_below_lower_band", "above_high_20d", "held"])
        {
            list.Add(new FeatureBucket(flag, flag, flag, f => f.TryGetFlag(flag, out var v) && v));
            list.Add(new FeatureBucket(flag, $"not {flag}", $"not {flag}", f => f.TryGetFlag(flag, out var v) && !v));
        }
        return list;
    }

    private static void Ranges(List<FeatureBucket> list, string field, params decimal[] cuts)
    {
        for (var i = 0; i <= cuts.Length; i++)
        {
            decimal? lo = i == 0 ? null : cuts[i - 1];
            decimal? hi = i == cuts.Length ? null : cuts[i];
            string label, condition;
            if (lo is null)
            {
                label = $"{field} < {N(hi!.Value)}";
                condition = $"{field} < {N(hi.Value)}";
            }
            else if (hi is null)
            {
                label = $"{field} ≥ {N(lo.Value)}";
                condition = $"{field} >= {N(lo.Value)}";
            }
            else
            {
                label = $"{N(lo.Value)} ≤ {field} < {N(hi.Value)}";
                condition = $"{field} >= {N(lo.Value)} and {field} < {N(hi.Value)}";
            }
            list.Add(new FeatureBucket(field, label, condition,
                f => f.TryGetNumber(field, out var v) && (lo is null || v >= lo) && (hi is null || v < hi)));
        }
    }

    private static void Between(List<FeatureBucket> list, string field, decimal lo, decimal hi, string label) =>
        list.Add(new FeatureBucket(field, $"{label} ({N(lo)} ≤ {field} ≤ {N(hi)})", $"{field} >= {N(lo)} and {field} <= {N(hi)}",
            f => f.TryGetNumber(field, out var v) && v >= lo && v <= hi));

    private static string N(decimal d) => d.ToString("0.##", CultureInfo.InvariantCulture);
}
