using KisTrader.Core.Ml.Features;

namespace KisTrader.Core.Ml.Preprocessing;

/// <summary>
/// Learned on the training window only, then applied unchanged to later windows: per column the median (fills a missing
/// value), clipping bounds at the <see cref="ClipQuantile"/> and 1 − that quantile (outliers beyond them are set to the
/// bound), and the mean and standard deviation after clipping (z-score). A column with no value in training is filled
/// with 0 and reported; a constant column becomes 0.
/// </summary>
public sealed class Preprocessor
{
    public const double DefaultClipQuantile = 0.01;

    private readonly float[] _median, _lower, _upper, _mean, _scale;

    private Preprocessor(FeatureSchema schema, double clipQuantile, float[] median, float[] lower, float[] upper, float[] mean, float[] scale,
        int trainingRows, int[] missingInTraining)
    {
        Schema = schema;
        ClipQuantile = clipQuantile;
        _median = median;
        _lower = lower;
        _upper = upper;
        _mean = mean;
        _scale = scale;
        TrainingRows = trainingRows;
        MissingInTraining = missingInTraining;
    }

    public FeatureSchema Schema { get; }
    public double ClipQuantile { get; }
    public int TrainingRows { get; }
    public IReadOnlyList<int> MissingInTraining { get; }
    public IReadOnlyList<float> Medians => _median;
    public IReadOnlyList<float> LowerBounds => _lower;
    public IReadOnlyList<float> UpperBounds => _upper;
    public IReadOnlyList<float> Means => _mean;
    public IReadOnlyList<float> Scales => _scale;

    /// <summary>Columns without a single value in the training window (filled with 0 everywhere).</summary>
    public IReadOnlyList<string> EmptyColumns => [.. Schema.Columns.Where((_, i) => MissingInTraining[i] == TrainingRows)];

    public static Preprocessor Fit(FeatureSchema schema, IReadOnlyList<float[]> training, double clipQuantile = DefaultClipQuantile)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(training);
        if (training.Count == 0) throw new ArgumentException("Nothing to fit the preprocessing on: the training window is empty.", nameof(training));
        if (clipQuantile is < 0 or >= 0.5) throw new ArgumentOutOfRangeException(nameof(clipQuantile), clipQuantile, "The clip quantile is in [0, 0.5).");
        var n = schema.Count;
        float[] median = new float[n], lower = new float[n], upper = new float[n], mean = new float[n], scale = new float[n];
        var missing = new int[n];
        var column = new List<float>(training.Count);
        for (var j = 0; j < n; j++)
        {
            column.Clear();
            foreach (var row in training)
            {
                if (row.Length != n) throw new ArgumentException($"A training row has {row.Length} values; schema {schema.Id} has {n}.", nameof(training));
                if (float.IsNaN(row[j])) missing[j]++;
                else column.Add(row[j]);
            }
            if (column.Count == 0)
            {
                (median[j], lower[j], upper[j], mean[j], scale[j]) = (0f, 0f, 0f, 0f, 1f);
                continue;
            }
            column.Sort();
            median[j] = Quantile(column, 0.5);
            lower[j] = Quantile(column, clipQuantile);
            upper[j] = Quantile(column, 1 - clipQuantile);
            double sum = 0, sumSq = 0;
            foreach (var x in column)
            {
                var c = Math.Clamp(x, lower[j], upper[j]);
                sum += c;
                sumSq += (double)c * c;
            }
            var m = sum / column.Count;
            var variance = Math.Max(0, sumSq / column.Count - m * m);
            mean[j] = (float)m;
            scale[j] = variance > 1e-18 ? (float)Math.Sqrt(variance) : 0f;
        }
        return new Preprocessor(schema, clipQuantile, median, lower, upper, mean, scale, training.Count, missing);
    }

    /// <summary>A preprocessing fitted earlier, from what was stored with its model (the registry's "preprocessing"
    /// artifact). The missing counts of the training window are not stored: they read as zero.</summary>
    public static Preprocessor Restore(FeatureSchema schema, double clipQuantile, int trainingRows, IReadOnlyList<float> medians,
        IReadOnlyList<float> lowerBounds, IReadOnlyList<float> upperBounds, IReadOnlyList<float> means, IReadOnlyList<float> scales)
    {
        ArgumentNullException.ThrowIfNull(schema);
        var n = schema.Count;
        foreach (var (name, values) in (ReadOnlySpan<(string, IReadOnlyList<float>)>)[("medians", medians), ("lower bounds", lowerBounds),
                     ("upper bounds", upperBounds), ("means", means), ("scales", scales)])
        {
            if (values is null || values.Count != n)
                throw new ArgumentException($"The stored preprocessing has {values?.Count ?? 0} {name}; schema {schema.Id} has {n} columns.");
        }
        return new Preprocessor(schema, clipQuantile, [.. medians], [.. lowerBounds], [.. upperBounds], [.. means], [.. scales], trainingRows, new int[n]);
    }

    /// <summary>The rows imputed, clipped and scaled, with counts of what was filled and clipped in them.</summary>
    public (float[][] Rows, PreprocessingCounts Counts) Transform(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var n = Schema.Count;
        var imputed = new int[n];
        var clipped = new int[n];
        var result = new float[rows.Count][];
        for (var r = 0; r < rows.Count; r++)
        {
            var row = rows[r];
            if (row.Length != n) throw new ArgumentException($"A row has {row.Length} values; schema {Schema.Id} has {n}.", nameof(rows));
            var outRow = new float[n];
            for (var j = 0; j < n; j++)
            {
                var x = row[j];
                if (float.IsNaN(x))
                {
                    x = _median[j];
                    imputed[j]++;
                }
                else if (x < _lower[j] || x > _upper[j])
                {
                    x = Math.Clamp(x, _lower[j], _upper[j]);
                    clipped[j]++;
                }
                outRow[j] = _scale[j] > 0 ? (x - _mean[j]) / _scale[j] : 0f;
            }
            result[r] = outRow;
        }
        return (result, new PreprocessingCounts(Schema, rows.Count, imputed, clipped));
    }

    /// <summary>Linear interpolation between the closest ranks of a sorted list.</summary>
    private static float Quantile(List<float> sorted, double q)
    {
        var position = q * (sorted.Count - 1);
        var below = (int)Math.Floor(position);
        var above = Math.Min(below + 1, sorted.Count - 1);
        var weight = position - below;
        return (float)(sorted[below] + (sorted[above] - sorted[below]) * weight);
    }
}

/// <summary>What the preprocessing changed in a set of rows: per column, values filled (missing) and clipped (outliers).</summary>
public sealed record PreprocessingCounts(FeatureSchema Schema, int Rows, IReadOnlyList<int> Imputed, IReadOnlyList<int> Clipped)
{
    public int TotalImputed => Imputed.Sum();
    public int TotalClipped => Clipped.Sum();
}
