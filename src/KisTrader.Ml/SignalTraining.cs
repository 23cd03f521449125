using System.Security.Cryptography;
using System.Text.Json;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Drift;
using KisTrader.Core.Ml.Evaluation;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Preprocessing;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;

namespace KisTrader.Ml;

/// <summary>One trainer's out-of-sample result over the walk-forward test windows (each fold's threshold chosen on its
/// own validation rows), the majority baseline on the same rows, and the version ready for the registry (the final model
/// trained on the whole window, with its artifacts).</summary>
public sealed record SignalTrainingResult(
    string Trainer,
    ClassificationMetrics Test,
    MetricValue RocAuc,
    MetricValue AveragePrecision,
    double Brier,
    ClassificationMetrics Baseline,
    IReadOnlyList<double> FoldThresholds,
    ModelVersion Version,
    IReadOnlyList<ModelArtifact> Artifacts)
{
    /// <summary>The walk-forward behind <see cref="Test"/> (its folds' out-of-sample predictions feed the gated backtest).</summary>
    public WalkForwardResult? WalkForward { get; init; }
}

/// <summary>What <c>train</c> does per model: walk-forward evaluation with <see cref="WalkForwardRunner"/>, the decision
/// threshold of each fold chosen on that fold's validation rows only (the test rows never choose it), the test
/// predictions pooled into one set of metrics, then the final model fitted on every row of the window (preprocessing
/// and class weights learned on them) and described as a registry candidate.</summary>
public static class SignalTraining
{
    /// <summary>The signal a binary label answers, e.g. <c>up5d-1pct</c>.</summary>
    public static string SignalName(LabelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return FormattableString.Invariant($"up{spec.Horizon}d-{spec.Threshold * 100:0.##}pct");
    }

    /// <summary>Walk-forward windows scaled to the sessions at hand: four folds (fewer on a short history), a
    /// validation window before each test window, the first fold training on about 40% of the sessions (at most 250).</summary>
    public static WalkForwardOptions Windows(int sessions, LabelSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        var embargo = spec.Horizon;
        var validation = Math.Clamp(sessions / 10, 5, 60);
        var folds = sessions >= 200 ? 4 : 2;
        return new WalkForwardOptions
        {
            Folds = folds,
            ValidationSessions = validation,
            EmbargoSessions = embargo,
            MinTrainSessions = Math.Clamp(sessions * 2 / 5, 10, 250),
        };
    }

    public static SignalTrainingResult Run(MlDataset dataset, IProbabilityTrainer trainer, TrainingWindow window, LabelSpec spec,
        WalkForwardOptions windows, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(trainer);
        ArgumentNullException.ThrowIfNull(window);
        ArgumentNullException.ThrowIfNull(spec);
        var result = WalkForwardRunner.Run(dataset, trainer, windows, ct: ct);
        var labels = new List<int>();
        var probabilities = new List<double>();
        var predictions = new List<int>();
        var baseline = new List<int>();
        var thresholds = new List<double>();
        foreach (var fold in result.Folds)
        {
            var validationLabels = fold.ValidationRows.Select(r => dataset.Rows[r].Label.Positive ? 1 : 0).ToList();
            var choice = DecisionThreshold.Choose(validationLabels, [.. fold.ValidationProbabilities.Select(p => (double)p)], ThresholdObjective.F1);
            // No positive in validation: the prior (the training window's positive share) is the threshold left.
            var threshold = choice.Threshold ?? fold.TrainingBalance.PriorThreshold;
            thresholds.Add(threshold);
            var foldProbabilities = fold.TestProbabilities.Select(p => (double)p).ToList();
            labels.AddRange(fold.TestRows.Select(r => dataset.Rows[r].Label.Positive ? 1 : 0));
            probabilities.AddRange(foldProbabilities);
            predictions.AddRange(DecisionThreshold.Apply(foldProbabilities, threshold));
            var majority = fold.TrainingBalance.MajorityIsPositive ? 1 : 0;
            baseline.AddRange(Enumerable.Repeat(majority, fold.TestRows.Count));
        }
        var test = ClassificationMetrics.Compute(labels, predictions, BinaryEvaluation.Classes);
        var baselineMetrics = ClassificationMetrics.Compute(labels, baseline, BinaryEvaluation.Classes);
        var auc = RocAuc.Binary(labels, probabilities);
        var pr = PrecisionRecallCurve.Compute(labels, probabilities);
        var calibration = CalibrationReport.Binary(labels, probabilities);
        // The last fold's threshold is the one chosen on the most recent validation rows: the final model's.
        var evaluation = new BinaryEvaluation(thresholds[^1], test, auc, pr, calibration);
        var metrics = ModelMetrics.From(evaluation, MajorityBaseline.HeadlineF1(baselineMetrics));

        var (model, preprocessor) = FitFinal(dataset, trainer, ct);
        var artifacts = new List<ModelArtifact>();
        if (model is MlNetModel mlnet)
        {
            using var stream = new MemoryStream();
            mlnet.Save(stream);
            artifacts.Add(new ModelArtifact(ModelArtifact.MlNet, stream.ToArray()));
            artifacts.Add(OnnxExport.Artifact(mlnet, dataset, preprocessor));
        }
        // The training window's feature distribution, which drift monitoring compares recent data with.
        artifacts.Add(DriftBaseline.Fit(dataset).ToArtifact());
        artifacts.Add(new ModelArtifact(PreprocessingFormat, JsonSerializer.SerializeToUtf8Bytes(new
        {
            preprocessor.ClipQuantile, preprocessor.TrainingRows, preprocessor.Medians, preprocessor.LowerBounds,
            preprocessor.UpperBounds, preprocessor.Means, preprocessor.Scales,
        })));
        artifacts.Add(SignalReport.Artifact(dataset, result, evaluation, ct));
        var parameters = new Dictionary<string, string>(trainer.Parameters, StringComparer.Ordinal)
        {
            ["label.horizon"] = spec.Horizon.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["label.threshold"] = spec.Threshold.ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["walkforward.folds"] = result.Folds.Count.ToString(System.Globalization.CultureInfo.InvariantCulture),
        };
        var version = new ModelVersion
        {
            Signal = SignalName(spec),
            Version = 1, // assigned by the registry
            Trainer = trainer.Name,
            Window = window,
            Features = dataset.Schema.Columns,
            FeatureSetVersion = dataset.Schema.Id,
            HyperParameters = parameters,
            DataSha256 = DataSha256(dataset),
            Metrics = metrics,
            CreatedAt = DateTimeOffset.UnixEpoch, // assigned by the registry
        };
        return new SignalTrainingResult(trainer.Name, test, auc, pr.AveragePrecision, calibration.Brier, baselineMetrics, thresholds, version, artifacts)
        {
            WalkForward = result,
        };
    }

    /// <summary>The artifact holding the final model's preprocessing (medians, clip bounds, means, scales), which
    /// scoring must apply before the model.</summary>
    public const string PreprocessingFormat = "preprocessing";

    private static (IProbabilityModel Model, Preprocessor Preprocessor) FitFinal(MlDataset dataset, IProbabilityTrainer trainer, CancellationToken ct)
    {
        var raw = dataset.Rows.Select(r => r.Features).ToList();
        var labels = dataset.Rows.Select(r => r.Label.Positive).ToList();
        var pre = Preprocessor.Fit(dataset.Schema, raw);
        var (rows, _) = pre.Transform(raw);
        var balance = ClassBalance.Of(labels);
        return (trainer.Fit(new TrainingData(dataset.Schema, rows, labels, balance.Weights(labels)), ct), pre);
    }

    /// <summary>SHA-256 over every row (ticker, session, feature bits, label), in the dataset's order.</summary>
    public static string DataSha256(MlDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        Span<byte> buffer = stackalloc byte[4];
        foreach (var row in dataset.Rows)
        {
            hash.AppendData(System.Text.Encoding.UTF8.GetBytes(FormattableString.Invariant($"{row.Ticker}|{row.Date:yyyy-MM-dd}|{row.Label.Positive}|")));
            foreach (var v in row.Features)
            {
                BitConverter.TryWriteBytes(buffer, v);
                hash.AppendData(buffer);
            }
        }
        return Convert.ToHexStringLower(hash.GetHashAndReset());
    }
}
