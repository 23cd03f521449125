namespace KisTrader.Core.Ml.Evaluation;

/// <summary>
/// Everything measured on one set of binary test rows at a given decision threshold: the classification at that
/// threshold (confusion matrix, precision, recall and F1 per class and macro), the threshold-free ROC AUC and
/// precision-recall curve, and the calibration of the probabilities.
/// </summary>
public sealed record BinaryEvaluation(
    double Threshold,
    ClassificationMetrics Classification,
    MetricValue RocAuc,
    PrecisionRecallCurve PrCurve,
    CalibrationReport Calibration)
{
    public const int Classes = 2;

    public static BinaryEvaluation Evaluate(IReadOnlyList<int> labels, IReadOnlyList<double> probabilities, double threshold, int calibrationBins = 10)
    {
        EvaluationInput.Labels(labels, Classes);
        EvaluationInput.Probabilities(labels, probabilities);
        return new BinaryEvaluation(
            threshold,
            ClassificationMetrics.Compute(labels, DecisionThreshold.Apply(probabilities, threshold), Classes),
            Evaluation.RocAuc.Binary(labels, probabilities),
            PrecisionRecallCurve.Compute(labels, probabilities),
            CalibrationReport.Binary(labels, probabilities, calibrationBins));
    }

    /// <summary>Chooses the threshold on the validation rows only, then evaluates the test rows at it. The test labels
    /// play no part in the choice. Null evaluation, with the reason, when no threshold could be chosen.</summary>
    public static (ThresholdChoice Choice, BinaryEvaluation? Test) OutOfSample(
        IReadOnlyList<int> validationLabels, IReadOnlyList<double> validationProbabilities,
        IReadOnlyList<int> testLabels, IReadOnlyList<double> testProbabilities, ThresholdObjective objective, int calibrationBins = 10)
    {
        var choice = DecisionThreshold.Choose(validationLabels, validationProbabilities, objective);
        return (choice, choice.Threshold is { } t ? Evaluate(testLabels, testProbabilities, t, calibrationBins) : null);
    }
}

/// <summary>The three-class (down, flat, up) evaluation: the predicted class is the most probable one (ties to the
/// lowest class index), per-class and macro metrics, one-vs-rest ROC AUC, and the multi-class Brier score.</summary>
public sealed record MulticlassEvaluation(
    ClassificationMetrics Classification,
    MetricValue MacroRocAuc,
    IReadOnlyList<MetricValue> RocAucPerClass,
    double Brier)
{
    public static MulticlassEvaluation Evaluate(IReadOnlyList<int> labels, IReadOnlyList<double[]> probabilities, int classes = 3)
    {
        EvaluationInput.Labels(labels, classes);
        EvaluationInput.ProbabilityRows(labels, probabilities, classes);
        var predictions = probabilities.Select(ArgMax).ToArray();
        var (macro, perClass) = Evaluation.RocAuc.OneVsRest(labels, probabilities, classes);
        return new MulticlassEvaluation(ClassificationMetrics.Compute(labels, predictions, classes), macro, perClass,
            CalibrationReport.MulticlassBrier(labels, probabilities, classes));
    }

    private static int ArgMax(double[] row)
    {
        var best = 0;
        for (var k = 1; k < row.Length; k++)
            if (row[k] > row[best]) best = k;
        return best;
    }
}
