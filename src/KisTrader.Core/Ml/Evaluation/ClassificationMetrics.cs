namespace KisTrader.Core.Ml.Evaluation;

/// <summary>Precision, recall and F1 of one class. When the class was never predicted its precision is 0/0, and when it
/// never occurs its recall is 0/0: both are then reported as 0 and flagged, the convention of scikit-learn's
/// <c>zero_division=0</c>, so a model that never calls a class gets no credit for it and the macro average counts it.</summary>
public sealed record ClassMetrics(int Class, double Precision, double Recall, double F1, int Support, bool PrecisionUndefined, bool RecallUndefined);

/// <summary>Per-class and macro-averaged precision, recall and F1, and the accuracy, from a confusion matrix.</summary>
public sealed record ClassificationMetrics(ConfusionMatrix Confusion, IReadOnlyList<ClassMetrics> PerClass, double MacroPrecision,
    double MacroRecall, double MacroF1, double Accuracy)
{
    public static ClassificationMetrics Compute(IReadOnlyList<int> labels, IReadOnlyList<int> predictions, int classes) =>
        From(ConfusionMatrix.From(labels, predictions, classes));

    public static ClassificationMetrics From(ConfusionMatrix confusion)
    {
        var perClass = new ClassMetrics[confusion.Classes];
        for (var k = 0; k < confusion.Classes; k++)
        {
            var tp = confusion.TruePositives(k);
            var predicted = confusion.Predicted(k);
            var actual = confusion.Actual(k);
            var precision = predicted == 0 ? 0.0 : (double)tp / predicted;
            var recall = actual == 0 ? 0.0 : (double)tp / actual;
            perClass[k] = new ClassMetrics(k, precision, recall, FScore(precision, recall, 1.0), actual, predicted == 0, actual == 0);
        }
        var total = confusion.Total;
        var correct = Enumerable.Range(0, confusion.Classes).Sum(confusion.TruePositives);
        return new ClassificationMetrics(confusion, perClass, perClass.Average(c => c.Precision), perClass.Average(c => c.Recall),
            perClass.Average(c => c.F1), total == 0 ? 0.0 : (double)correct / total);
    }

    /// <summary>F-beta from precision and recall; 0 when both are 0 (the same zero-division convention).</summary>
    public static double FScore(double precision, double recall, double beta)
    {
        var b2 = beta * beta;
        var denominator = b2 * precision + recall;
        return denominator == 0 ? 0.0 : (1 + b2) * precision * recall / denominator;
    }

    /// <summary>The positive class's metrics of a binary problem (class 1).</summary>
    public ClassMetrics Positive => PerClass[^1];
}
