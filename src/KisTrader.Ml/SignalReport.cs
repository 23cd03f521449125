using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Evaluation;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;

namespace KisTrader.Ml;

/// <summary>
/// The report a trained version carries for the Models page (<see cref="ModelReport"/>), from the same pooled walk-forward
/// test predictions as its metrics: per-class metrics and the confusion matrix at the threshold, the PR curve, the
/// calibration, and the permutation importance of each feature. The importance shuffles a feature's raw values across
/// the pooled test rows, then lets each fold's own preprocessing and model score its rows again, and reads the drop in
/// ROC AUC (threshold-free, so the importance does not hinge on one threshold); it runs on at most
/// <see cref="MaxImportanceRows"/> rows, spread evenly over the folds, so a large history does not multiply the training time.
/// </summary>
public static class SignalReport
{
    public const int ImportanceRepeats = 3;
    public const int MaxImportanceRows = 4000;
    public const string ImportanceScore = "ROC AUC";

    /// <summary>The binary label's classes: the net return over the horizon does not / does beat the threshold.</summary>
    public static readonly IReadOnlyList<string> ClassNames = ["not up", "up"];

    public static ModelArtifact Artifact(MlDataset dataset, WalkForwardResult walkForward, BinaryEvaluation test, CancellationToken ct = default) =>
        new(ModelReport.Format, Compute(dataset, walkForward, test, ct).ToJson());

    public static ModelReport Compute(MlDataset dataset, WalkForwardResult walkForward, BinaryEvaluation test, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(walkForward);
        ArgumentNullException.ThrowIfNull(test);
        var c = test.Classification;
        var total = c.Confusion.Total;
        var (importance, baseline, rows, unavailable) = Importance(dataset, walkForward, ct);
        return new ModelReport
        {
            TestRows = total,
            Threshold = test.Threshold,
            PositiveRate = total == 0 ? 0 : (double)c.Confusion.Actual(1) / total,
            Classes = [.. c.PerClass.Select(m => new ReportClass(ClassNames[m.Class], m.Precision, m.Recall, m.F1, m.Support))],
            Confusion = c.Confusion.Counts,
            PrCurve = ModelReport.Thin(test.PrCurve.Points),
            AveragePrecision = test.PrCurve.AveragePrecision.Value,
            Calibration = test.Calibration.Bins,
            Brier = test.Calibration.Brier,
            ImportanceScore = ImportanceScore,
            ImportanceBaseline = baseline,
            ImportanceRows = rows,
            Importance = importance,
            ImportanceUnavailable = unavailable,
        };
    }

    private static (IReadOnlyList<ReportFeature> Features, double? Baseline, int Rows, string? Unavailable) Importance(
        MlDataset dataset, WalkForwardResult walkForward, CancellationToken ct)
    {
        if (walkForward.Folds.Count == 0) return ([], null, 0, "no walk-forward fold");
        if (walkForward.Folds.Any(f => f.Model is null)) return ([], null, 0, "the folds' models were not kept");
        var pooled = walkForward.Folds.SelectMany((f, k) => f.TestRows.Select(r => (Fold: k, Row: r))).ToList();
        // Evenly spaced over the pooled rows (already in fold order), so every fold keeps its share.
        var sample = pooled.Count <= MaxImportanceRows
            ? pooled
            : [.. Enumerable.Range(0, MaxImportanceRows).Select(i => pooled[(int)((long)i * pooled.Count / MaxImportanceRows)])];
        var positives = sample.Select(s => dataset.Rows[s.Row].Label.Positive).ToArray();
        if (positives.All(p => p) || !positives.Any(p => p))
            return ([], null, sample.Count, $"the test rows hold one class only: {ImportanceScore} needs both");
        var chunks = sample.Select((s, i) => (s.Fold, Index: i)).GroupBy(x => x.Fold)
            .Select(g => (Fold: walkForward.Folds[g.Key], Start: g.Min(x => x.Index), Count: g.Count())).ToList();
        var raw = sample.Select(s => Array.ConvertAll(dataset.Rows[s.Row].Features, v => (double)v)).ToList();

        double Score(IReadOnlyList<double[]> rows)
        {
            ct.ThrowIfCancellationRequested();
            var scores = new double[rows.Count];
            foreach (var (fold, start, count) in chunks)
            {
                var (x, _) = fold.Preprocessing.Transform([.. Enumerable.Range(start, count).Select(i => Array.ConvertAll(rows[i], v => (float)v))]);
                var p = fold.Model!.PredictProbabilities(x);
                for (var i = 0; i < count; i++) scores[start + i] = p[i];
            }
            return RocAuc.OfScores(positives, scores).Value ?? 0.5;
        }

        var result = PermutationImportance.Compute(raw, Score, ImportanceRepeats, TrainerDefaults.Seed, dataset.Schema.Columns);
        return ([.. result.Features.OrderByDescending(f => f.Mean).ThenBy(f => f.Feature).Select(f => new ReportFeature(f.Name, f.Mean, f.StdDev))],
            result.BaselineScore, sample.Count, null);
    }
}
