using System.Diagnostics;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Preprocessing;

namespace KisTrader.Core.Ml.Training;

/// <summary>Options of a walk-forward run besides the windows.</summary>
public sealed record WalkForwardRunOptions
{
    /// <summary>Weigh the classes equally in training (see <see cref="ClassBalance"/>); false trains unweighted.</summary>
    public bool BalanceClasses { get; init; } = true;

    public double ClipQuantile { get; init; } = Preprocessor.DefaultClipQuantile;

    /// <summary>The <see cref="LeakageGuard"/> limit on one feature's AUC distance from 0.5; null skips the check.</summary>
    public double? LeakageLimit { get; init; } = LeakageGuard.DefaultLimit;
}

/// <summary>One fold's outcome: its windows, the training balance and preprocessing, the time to fit, and the test
/// rows' predicted probabilities beside their labels.</summary>
public sealed record FoldResult(
    WalkForwardFold Fold,
    ClassBalance TrainingBalance,
    Preprocessor Preprocessing,
    PreprocessingCounts TestPreprocessing,
    IReadOnlyList<(string Column, double Auc)> LeakageReport,
    TimeSpan TrainingTime,
    IReadOnlyList<int> TestRows,
    IReadOnlyList<float> TestProbabilities,
    IReadOnlyList<float> ValidationProbabilities)
{
    public IReadOnlyList<int> ValidationRows => Fold.Validation;

    /// <summary>The model fitted on this fold's training rows (the report's permutation importance re-scores its test rows).</summary>
    public IProbabilityModel? Model { get; init; }
}

/// <summary>A trainer's walk-forward result: per fold, and all test predictions together (out of sample).</summary>
public sealed record WalkForwardResult(string Trainer, MlDataset Dataset, IReadOnlyList<FoldResult> Folds)
{
    public IReadOnlyList<(MlRow Row, float Probability)> TestPredictions =>
        [.. Folds.SelectMany(f => f.TestRows.Select((r, i) => (Dataset.Rows[r], f.TestProbabilities[i])))];

    public TimeSpan TrainingTime => Folds.Aggregate(TimeSpan.Zero, (t, f) => t + f.TrainingTime);
}

/// <summary>Runs one trainer over the walk-forward folds: per fold, the preprocessing and class weights are learned on
/// the training rows only, the leakage guard checks the training rows, the model is fitted, and the validation and
/// test rows are scored with what was learned.</summary>
public static class WalkForwardRunner
{
    public static WalkForwardResult Run(MlDataset dataset, IProbabilityTrainer trainer, WalkForwardOptions? windows = null,
        WalkForwardRunOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(trainer);
        var o = options ?? new WalkForwardRunOptions();
        var results = new List<FoldResult>();
        foreach (var fold in WalkForwardSplitter.Split(dataset, windows))
        {
            ct.ThrowIfCancellationRequested();
            if (fold.Train.Count == 0 || fold.Test.Count == 0) throw new ArgumentException($"Walk-forward {fold} has an empty window.");
            var trainRaw = fold.Train.Select(r => dataset.Rows[r].Features).ToList();
            var trainLabels = fold.Train.Select(r => dataset.Rows[r].Label.Positive).ToList();
            var leakage = o.LeakageLimit is { } limit
                ? LeakageGuard.Check(dataset.Schema, trainRaw, trainLabels, limit)
                : LeakageGuard.Report(dataset.Schema, trainRaw, trainLabels);
            var pre = Preprocessor.Fit(dataset.Schema, trainRaw, o.ClipQuantile);
            var (train, _) = pre.Transform(trainRaw);
            var balance = ClassBalance.Of(trainLabels);
            var data = new TrainingData(dataset.Schema, train, trainLabels, o.BalanceClasses ? balance.Weights(trainLabels) : null);
            var clock = Stopwatch.StartNew();
            var model = trainer.Fit(data, ct);
            clock.Stop();
            var (test, testCounts) = pre.Transform([.. fold.Test.Select(r => dataset.Rows[r].Features)]);
            var (validation, _) = pre.Transform([.. fold.Validation.Select(r => dataset.Rows[r].Features)]);
            results.Add(new FoldResult(fold, balance, pre, testCounts, leakage, clock.Elapsed, fold.Test,
                model.PredictProbabilities(test), validation.Length > 0 ? model.PredictProbabilities(validation) : []) { Model = model });
        }
        return new WalkForwardResult(trainer.Name, dataset, results);
    }
}
