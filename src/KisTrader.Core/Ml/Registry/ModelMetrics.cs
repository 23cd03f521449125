using System.Text.Json.Serialization;
using KisTrader.Core.Ml.Evaluation;

namespace KisTrader.Core.Ml.Registry;

/// <summary>
/// The out-of-sample numbers stored with a model version (from <c>Ml.Evaluation</c> over the walk-forward test windows).
/// <see cref="F1"/> is the headline the promotion rule compares: the positive class's F1 for a binary signal, the macro
/// F1 for the three-class one. <see cref="BaselineF1"/> is the majority-class baseline's on the same rows.
/// </summary>
public sealed record ModelMetrics
{
    public required double F1 { get; init; }
    public required double Precision { get; init; }
    public required double Recall { get; init; }
    public double? RocAuc { get; init; }
    public double? AveragePrecision { get; init; }
    public double? Brier { get; init; }
    /// <summary>The decision threshold chosen on validation rows (null for the three-class signal: the most probable class).</summary>
    public double? Threshold { get; init; }
    public required double BaselineF1 { get; init; }
    public required int TestRows { get; init; }
    /// <summary>Precision, recall and F1 of every class on the test rows (binary: negative, positive; three-class: down,
    /// flat, up). Null for versions stored before they were kept.</summary>
    public IReadOnlyList<ClassScore>? Classes { get; init; }

    /// <summary>The class names of the binary signal, in class index order.</summary>
    public static readonly IReadOnlyList<string> BinaryClassNames = ["negative", "positive"];

    /// <summary>The class names of the three-class signal, in class index order (<see cref="Labels.Direction"/>).</summary>
    public static readonly IReadOnlyList<string> ThreeClassNames = ["down", "flat", "up"];

    /// <summary>The per-class numbers of <paramref name="metrics"/> under <paramref name="names"/> (one per class).</summary>
    public static IReadOnlyList<ClassScore> ClassScores(ClassificationMetrics metrics, IReadOnlyList<string> names)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        ArgumentNullException.ThrowIfNull(names);
        if (names.Count != metrics.PerClass.Count) throw new ArgumentException($"{names.Count} names for {metrics.PerClass.Count} classes.", nameof(names));
        return [.. metrics.PerClass.Select(c => new ClassScore(names[c.Class], c.Precision, c.Recall, c.F1, c.Support))];
    }

    /// <summary>The binary signal's metrics from its out-of-sample evaluation (at the validation-chosen threshold).</summary>
    public static ModelMetrics From(BinaryEvaluation test, double baselineF1)
    {
        ArgumentNullException.ThrowIfNull(test);
        var positive = test.Classification.Positive;
        return new()
        {
            F1 = positive.F1, Precision = positive.Precision, Recall = positive.Recall, RocAuc = test.RocAuc.Value,
            AveragePrecision = test.PrCurve.AveragePrecision.Value, Brier = test.Calibration.Brier, Threshold = test.Threshold,
            BaselineF1 = baselineF1, TestRows = test.Classification.Confusion.Total,
            Classes = ClassScores(test.Classification, BinaryClassNames),
        };
    }

    /// <summary>The three-class signal's metrics: macro-averaged, no threshold (the most probable class).</summary>
    public static ModelMetrics From(MulticlassEvaluation test, double baselineF1)
    {
        ArgumentNullException.ThrowIfNull(test);
        var c = test.Classification;
        return new()
        {
            F1 = c.MacroF1, Precision = c.MacroPrecision, Recall = c.MacroRecall, RocAuc = test.MacroRocAuc.Value, Brier = test.Brier,
            BaselineF1 = baselineF1, TestRows = c.Confusion.Total,
            Classes = c.PerClass.Count == ThreeClassNames.Count ? ClassScores(c, ThreeClassNames) : ClassScores(c, [.. c.PerClass.Select(k => $"class {k.Class}")]),
        };
    }
}

/// <summary>One class's out-of-sample precision, recall and F1, and how many test rows were of that class.</summary>
public sealed record ClassScore(string Class, double Precision, double Recall, double F1, int Support);

/// <summary>The gated backtest: the rules engine with its entries gated by the model's signal, against the same
/// backtest without the gate, out of sample. <see cref="Excess"/> is what the gate adds.</summary>
public sealed record GatedBacktestResult
{
    /// <summary>The stored backtest of the gated run, if it was stored.</summary>
    public string? BacktestId { get; init; }
    public required DateOnly From { get; init; }
    public required DateOnly To { get; init; }
    public required double GatedReturn { get; init; }
    public required double UngatedReturn { get; init; }
    public required double GatedMaxDrawdown { get; init; }
    public required double UngatedMaxDrawdown { get; init; }
    public double? GatedSharpe { get; init; }
    /// <summary>The ungated run's Sharpe ratio (null in versions stored before it was kept, or with no variance).</summary>
    public double? UngatedSharpe { get; init; }

    [JsonIgnore]
    public double Excess => GatedReturn - UngatedReturn;
}

/// <summary>The data a version was trained on: sessions from <see cref="From"/> to <see cref="To"/>, both included.</summary>
public sealed record TrainingWindow(DateOnly From, DateOnly To);
