namespace KisTrader.Core.Ml.Evaluation;

public enum ThresholdObjectiveKind
{
    /// <summary>Maximise the positive class's F-beta (F1 when beta is 1).</summary>
    FBeta,
    /// <summary>Maximise precision among thresholds whose recall is at least <see cref="ThresholdObjective.MinRecall"/>.</summary>
    PrecisionAtRecall,
}

/// <summary>What the decision threshold maximises on the validation rows.</summary>
public sealed record ThresholdObjective(ThresholdObjectiveKind Kind, double Beta = 1.0, double MinRecall = 0.0)
{
    public static ThresholdObjective F1 { get; } = new(ThresholdObjectiveKind.FBeta);

    public static ThresholdObjective FBeta(double beta) =>
        beta > 0 && double.IsFinite(beta) ? new(ThresholdObjectiveKind.FBeta, beta) : throw new ArgumentOutOfRangeException(nameof(beta), beta, "must be positive");

    public static ThresholdObjective PrecisionAtRecall(double minRecall) =>
        minRecall is > 0 and <= 1 ? new(ThresholdObjectiveKind.PrecisionAtRecall, MinRecall: minRecall)
            : throw new ArgumentOutOfRangeException(nameof(minRecall), minRecall, "must be in (0, 1]");

    /// <summary>The objective's value for the positive class from its counts; null when the threshold is not eligible
    /// (recall below the minimum).</summary>
    public double? Score(int truePositives, int falsePositives, int falseNegatives)
    {
        var precision = truePositives + falsePositives == 0 ? 0.0 : (double)truePositives / (truePositives + falsePositives);
        var recall = truePositives + falseNegatives == 0 ? 0.0 : (double)truePositives / (truePositives + falseNegatives);
        return Kind switch
        {
            ThresholdObjectiveKind.FBeta => ClassificationMetrics.FScore(precision, recall, Beta),
            ThresholdObjectiveKind.PrecisionAtRecall => recall >= MinRecall ? precision : null,
            _ => throw new InvalidOperationException($"unknown objective {Kind}"),
        };
    }

    /// <summary>The objective on a binary confusion matrix (class 1 positive).</summary>
    public double? Score(ConfusionMatrix binary) =>
        Score(binary.Counts[1][1], binary.Counts[0][1], binary.Counts[1][0]);

    public override string ToString() => Kind switch
    {
        ThresholdObjectiveKind.FBeta when Beta == 1.0 => "max F1",
        ThresholdObjectiveKind.FBeta => $"max F{Beta:0.###}",
        _ => $"max precision at recall ≥ {MinRecall:0.###}",
    };
}

/// <summary>The threshold chosen on validation rows (null with the reason when none could be), and the objective's
/// value there.</summary>
public sealed record ThresholdChoice(double? Threshold, double? ValidationScore, ThresholdObjective Objective, string? UndefinedReason);

/// <summary>
/// The probability at or above which the model says "positive", chosen on validation rows only and then applied,
/// unchanged, to the test rows: choosing it on the test rows would report an optimistic F1. The candidates are the
/// distinct validation probabilities; ties in the objective go to the highest threshold (the fewest positive calls).
/// </summary>
public static class DecisionThreshold
{
    public static ThresholdChoice Choose(IReadOnlyList<int> validationLabels, IReadOnlyList<double> validationProbabilities, ThresholdObjective objective)
    {
        ArgumentNullException.ThrowIfNull(objective);
        var positives = EvaluationInput.Positives(validationLabels);
        EvaluationInput.Probabilities(validationLabels, validationProbabilities);
        var totalPositives = positives.Count(p => p);
        if (totalPositives == 0)
            return new ThresholdChoice(null, null, objective, $"no positive label in {positives.Length} validation rows: no threshold can be chosen");

        double? best = null, bestThreshold = null;
        // Descending thresholds: a later candidate replaces the best only when strictly better, so ties keep the higher one.
        foreach (var (threshold, tp, fp) in PrecisionRecallCurve.Counts(positives, validationProbabilities))
        {
            if (objective.Score(tp, fp, totalPositives - tp) is not { } score) continue;
            if (best is null || score > best) (best, bestThreshold) = (score, threshold);
        }
        return bestThreshold is null
            ? new ThresholdChoice(null, null, objective, $"no validation threshold reaches the objective ({objective})")
            : new ThresholdChoice(bestThreshold, best, objective, null);
    }

    /// <summary>Class 1 when the probability is at or above the threshold.</summary>
    public static int[] Apply(IReadOnlyList<double> probabilities, double threshold)
    {
        ArgumentNullException.ThrowIfNull(probabilities);
        var result = new int[probabilities.Count];
        for (var i = 0; i < result.Length; i++) result[i] = probabilities[i] >= threshold ? 1 : 0;
        return result;
    }
}
