using KisTrader.Core.Ml.Evaluation;
using KisTrader.Core.Ml.Features;

namespace KisTrader.Core.Ml.Preprocessing;

/// <summary>
/// The last line against look-ahead: on the training window, each feature alone is ranked against the binary label
/// (ROC AUC by the Mann-Whitney statistic). Daily-bar features that are honest score near 0.5 (0.45–0.60 is already
/// strong); a feature that alone separates the classes far better (by default |AUC − 0.5| above 0.25) almost certainly
/// knows the future, so the pipeline refuses to train on it and names it. The report also lists every column's AUC.
/// </summary>
public static class LeakageGuard
{
    public const double DefaultLimit = 0.25;

    public static IReadOnlyList<(string Column, double Auc)> Report(FeatureSchema schema, IReadOnlyList<float[]> rows, IReadOnlyList<bool> labels)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(rows);
        ArgumentNullException.ThrowIfNull(labels);
        if (rows.Count != labels.Count) throw new ArgumentException($"{rows.Count} rows but {labels.Count} labels.", nameof(labels));
        var result = new List<(string, double)>(schema.Count);
        var positives = new List<bool>(rows.Count);
        var values = new List<double>(rows.Count);
        for (var j = 0; j < schema.Count; j++)
        {
            positives.Clear();
            values.Clear();
            for (var r = 0; r < rows.Count; r++)
                if (!float.IsNaN(rows[r][j])) { values.Add(rows[r][j]); positives.Add(labels[r]); }
            // NaN without both classes among the column's values.
            result.Add((schema.Columns[j], RocAuc.OfScores(positives, values).Value ?? double.NaN));
        }
        return result;
    }

    /// <summary>Throws <see cref="LookAheadException"/> naming every column whose AUC alone is beyond the limit.</summary>
    public static IReadOnlyList<(string Column, double Auc)> Check(FeatureSchema schema, IReadOnlyList<float[]> rows, IReadOnlyList<bool> labels,
        double limit = DefaultLimit)
    {
        var report = Report(schema, rows, labels);
        var suspects = report.Where(c => !double.IsNaN(c.Auc) && Math.Abs(c.Auc - 0.5) > limit).ToList();
        if (suspects.Count > 0)
            throw new LookAheadException(
                $"Refusing to train: {string.Join(", ", suspects.Select(s => $"{s.Column} alone predicts the label with AUC {s.Auc:F3}"))}"
                + $" (limit 0.5 ± {limit}); a feature this good almost certainly uses the future.");
        return report;
    }
}
