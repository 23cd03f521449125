namespace KisTrader.Core.Ml.Drift;

/// <summary>
/// One feature's distribution over the training window: the decile cut points (linear interpolation between order
/// statistics, as numpy's default and Python's <c>statistics.quantiles(method="inclusive")</c>; repeated cut points of a
/// discrete feature kept once), the share of values in each bin, and the share of missing values (NaN) as a bin of its
/// own, last. Bin i holds the values above cut point i−1 and at most cut point i (the first and last are open).
/// </summary>
public sealed record FeatureBins(string Feature, IReadOnlyList<double> Edges, IReadOnlyList<double> Shares)
{
    public const int Deciles = 10;

    /// <summary>The bins fitted on the training values of one feature (NaN = missing).</summary>
    public static FeatureBins Fit(string feature, IEnumerable<double> values, int bins = Deciles)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(feature);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 2);
        var all = values.ToList();
        var present = all.Where(v => !double.IsNaN(v)).Order().ToArray();
        var edges = new List<double>();
        if (present.Length > 0)
            for (var k = 1; k < bins; k++)
            {
                var q = Quantile(present, (double)k / bins);
                if (edges.Count == 0 || q > edges[^1]) edges.Add(q);
            }
        var partial = new FeatureBins(feature, edges, []);
        return partial with { Shares = partial.SharesOf(all) };
    }

    /// <summary>The share of <paramref name="values"/> in each of these bins, the missing bin last; all zero for none.</summary>
    public IReadOnlyList<double> SharesOf(IReadOnlyCollection<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var counts = new double[Edges.Count + 2];
        foreach (var v in values) counts[BinOf(v)]++;
        if (values.Count > 0)
            for (var i = 0; i < counts.Length; i++) counts[i] /= values.Count;
        return counts;
    }

    /// <summary>The bin a value falls in: the number of cut points below it; NaN in the last (missing) bin.</summary>
    public int BinOf(double value)
    {
        if (double.IsNaN(value)) return Edges.Count + 1;
        var lo = 0;
        var hi = Edges.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (Edges[mid] < value) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>The population stability index of <paramref name="recent"/> values against these bins.</summary>
    public double Psi(IReadOnlyCollection<double> recent) => PopulationStability.Index(Shares, SharesOf(recent));

    /// <summary>Quantile p of sorted values, interpolating linearly between the order statistics at (n−1)·p.</summary>
    public static double Quantile(IReadOnlyList<double> sorted, double p)
    {
        ArgumentNullException.ThrowIfNull(sorted);
        if (sorted.Count == 0) throw new ArgumentException("No values.", nameof(sorted));
        var h = (sorted.Count - 1) * p;
        var lower = (int)Math.Floor(h);
        var upper = Math.Min(lower + 1, sorted.Count - 1);
        return sorted[lower] + (h - lower) * (sorted[upper] - sorted[lower]);
    }
}
