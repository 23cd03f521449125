namespace KisTrader.Core.Ml.Evaluation;

/// <summary>How much the score drops when one feature's column is shuffled: the mean and (population) standard
/// deviation over the repeats, and each repeat's drop.</summary>
public sealed record FeatureImportance(int Feature, string Name, double Mean, double StdDev, IReadOnlyList<double> Drops);

public sealed record PermutationImportanceResult(double BaselineScore, IReadOnlyList<FeatureImportance> Features);

/// <summary>
/// Permutation feature importance (Breiman 2001; scikit-learn's <c>permutation_importance</c>) for any model: the
/// caller's delegate scores a set of rows (higher is better, e.g. F1 of the model's predictions against the labels in the
/// same order), and each feature's column is shuffled in turn, <c>repeats</c> times, with a seeded generator per
/// feature (from the seed and the feature's index), so the result is reproducible.
/// The rows given are never modified.
/// </summary>
public static class PermutationImportance
{
    public static PermutationImportanceResult Compute(IReadOnlyList<double[]> rows, Func<IReadOnlyList<double[]>, double> score,
        int repeats, int seed, IReadOnlyList<string>? featureNames = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(score);
        ArgumentOutOfRangeException.ThrowIfLessThan(repeats, 1);
        if (rows.Count == 0) throw new ArgumentException("no rows", nameof(rows));
        var features = rows[0].Length;
        if (rows.Any(r => r is null || r.Length != features)) throw new ArgumentException($"every row must have {features} features", nameof(rows));
        if (featureNames is not null && featureNames.Count != features)
            throw new ArgumentException($"{featureNames.Count} names for {features} features", nameof(featureNames));

        var work = rows.Select(r => (double[])r.Clone()).ToArray();
        var baseline = score(work);
        var column = new double[work.Length];
        var result = new List<FeatureImportance>(features);
        for (var j = 0; j < features; j++)
        {
            for (var i = 0; i < work.Length; i++) column[i] = work[i][j];
            var random = new Random(unchecked(seed * 31 + j));
            var drops = new double[repeats];
            var shuffled = (double[])column.Clone();
            for (var r = 0; r < repeats; r++)
            {
                Array.Copy(column, shuffled, column.Length);
                random.Shuffle(shuffled);
                for (var i = 0; i < work.Length; i++) work[i][j] = shuffled[i];
                drops[r] = baseline - score(work);
            }
            for (var i = 0; i < work.Length; i++) work[i][j] = column[i];
            var mean = drops.Average();
            var std = Math.Sqrt(drops.Sum(d => (d - mean) * (d - mean)) / repeats);
            result.Add(new FeatureImportance(j, featureNames?[j] ?? $"f{j}", mean, std, drops));
        }
        return new PermutationImportanceResult(baseline, result);
    }
}
