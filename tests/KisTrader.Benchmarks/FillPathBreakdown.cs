using System.Globalization;
using System.Text.RegularExpressions;
using KisTrader.Core.Execution;

namespace KisTrader.Benchmarks;

/// <summary>Where a fill's time goes (goal 3): the app's <see cref="FillPathTrace"/> marks, logged at Debug by
/// <c>FillPathLog</c> ("fill path {stage} order {number} at {UTC ticks}"), read from its console and set against the
/// simulator's send of the notice (the clock start) and the page's DOM change (the clock stop). The app, the simulator
/// (this process) and the browser share the machine's clock; the browser's offset is calibrated as for the samples.</summary>
public static partial class FillPathBreakdown
{
    /// <summary>One timed fill: its broker order number, when its notice left the simulator and when the page showed it
    /// (Unix ms on this process's clock).</summary>
    public sealed record Sample(string OrderNo, double SentMs, double DomMs);

    private const string Dom = "DOM (page's observer)";

    [GeneratedRegex(@"fill path (?<stage>\S+) order (?<order>\S+) at (?<ticks>\d+)")]
    private static partial Regex MarkLine();

    /// <summary>The first time each stage was marked, per order number.</summary>
    public static Dictionary<string, Dictionary<string, double>> Parse(string appOutput)
    {
        var marks = new Dictionary<string, Dictionary<string, double>>(StringComparer.Ordinal);
        foreach (Match m in MarkLine().Matches(appOutput))
        {
            var at = (new DateTime(long.Parse(m.Groups["ticks"].Value, CultureInfo.InvariantCulture), DateTimeKind.Utc) - DateTime.UnixEpoch).TotalMilliseconds;
            var order = m.Groups["order"].Value;
            if (!marks.TryGetValue(order, out var stages)) marks[order] = stages = new(StringComparer.Ordinal);
            stages.TryAdd(m.Groups["stage"].Value, at);
        }
        return marks;
    }

    /// <summary>Markdown rows, stages in the order of their median time: how many samples had the stage, its time since
    /// the notice left the simulator (p50, p95), and the median step from the row above (same sample, both present).</summary>
    public static IReadOnlyList<string> Rows(IReadOnlyList<Sample> samples, string appOutput)
    {
        var marks = Parse(appOutput);
        var perSample = samples.Select(s =>
        {
            var stages = marks.TryGetValue(BrokerOrderNumbers.Normalize(s.OrderNo), out var found) ? new Dictionary<string, double>(found) : [];
            stages[Dom] = s.DomMs;
            return stages.ToDictionary(kv => kv.Key, kv => kv.Value - s.SentMs);
        }).ToList();
        var order = perSample.SelectMany(p => p.Keys).Distinct()
            .Select(stage => (Stage: stage, Times: perSample.Where(p => p.ContainsKey(stage)).Select(p => p[stage]).Order().ToList()))
            .OrderBy(s => BenchmarkReport.Quantile(s.Times, 0.5)).ToList();
        var rows = new List<string>();
        for (var i = 0; i < order.Count; i++)
        {
            var (stage, times) = order[i];
            var step = i == 0 ? [] : perSample.Where(p => p.ContainsKey(stage) && p.ContainsKey(order[i - 1].Stage))
                .Select(p => p[stage] - p[order[i - 1].Stage]).Order().ToList();
            rows.Add(string.Create(CultureInfo.InvariantCulture,
                $"| {stage} | {times.Count} | {BenchmarkReport.Quantile(times, 0.5):0.0} | {BenchmarkReport.Quantile(times, 0.95):0.0} | {(step.Count == 0 ? "" : BenchmarkReport.Quantile(step, 0.5).ToString("0.0", CultureInfo.InvariantCulture))} |"));
        }
        return rows;
    }
}
