using System.Diagnostics;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Preprocessing;

namespace KisTrader.Core.Ml.Training;

/// <summary>One three-class fold: its windows, the training labels (the majority baseline's), the time to fit, and the
/// test rows' class probabilities.</summary>
public sealed record MulticlassFoldResult(
    WalkForwardFold Fold,
    IReadOnlyList<int> TrainingLabels,
    TimeSpan TrainingTime,
    IReadOnlyList<int> TestRows,
    IReadOnlyList<double[]> TestProbabilities);

/// <summary>The three-class counterpart of <see cref="WalkForwardRunner"/>: the same splits (purge, embargo), per fold
/// the preprocessing and balanced class weights learned on the training rows only, the leakage guard run against both
/// "up" and "down" on the training rows, then the test rows scored.</summary>
public static class MulticlassWalkForwardRunner
{
    public const int Classes = 3;

    /// <summary>The class index of a label: <see cref="Direction"/> Down 0, Flat 1, Up 2.</summary>
    public static int ClassOf(ForwardLabel label)
    {
        ArgumentNullException.ThrowIfNull(label);
        return (int)label.Direction;
    }

    public static IReadOnlyList<MulticlassFoldResult> Run(MlDataset dataset, IMulticlassTrainer trainer, WalkForwardOptions? windows = null,
        WalkForwardRunOptions? options = null, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(trainer);
        var o = options ?? new WalkForwardRunOptions();
        var results = new List<MulticlassFoldResult>();
        foreach (var fold in WalkForwardSplitter.Split(dataset, windows))
        {
            ct.ThrowIfCancellationRequested();
            if (fold.Train.Count == 0 || fold.Test.Count == 0) throw new ArgumentException($"Walk-forward {fold} has an empty window.");
            var trainRaw = fold.Train.Select(r => dataset.Rows[r].Features).ToList();
            var trainLabels = fold.Train.Select(r => ClassOf(dataset.Rows[r].Label)).ToList();
            if (o.LeakageLimit is { } limit)
            {
                LeakageGuard.Check(dataset.Schema, trainRaw, [.. trainLabels.Select(l => l == (int)Direction.Up)], limit);
                LeakageGuard.Check(dataset.Schema, trainRaw, [.. trainLabels.Select(l => l == (int)Direction.Down)], limit);
            }
            var pre = Preprocessor.Fit(dataset.Schema, trainRaw, o.ClipQuantile);
            var (train, _) = pre.Transform(trainRaw);
            var data = new MulticlassTrainingData(dataset.Schema, train, trainLabels, Classes,
                o.BalanceClasses ? MulticlassTrainingData.BalancedWeights(trainLabels, Classes) : null);
            var clock = Stopwatch.StartNew();
            var model = trainer.Fit(data, ct);
            clock.Stop();
            var (test, _) = pre.Transform([.. fold.Test.Select(r => dataset.Rows[r].Features)]);
            results.Add(new MulticlassFoldResult(fold, trainLabels, clock.Elapsed, fold.Test, model.PredictProbabilities(test)));
        }
        return results;
    }
}
