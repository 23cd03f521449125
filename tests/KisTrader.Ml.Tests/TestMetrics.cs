using KisTrader.Core.Ml.Evaluation;

namespace KisTrader.Ml.Tests;

/// <summary>The few numbers the acceptance tests need, computed by Core/Ml/Evaluation (F1s, ROC AUC); only the chance
/// F1 at the model's positive rate is the tests' own.</summary>
internal sealed record TestMetrics(double PositiveF1, double MacroF1, double Auc, double PredictedPositiveShare, double ChanceF1)
{
    public static TestMetrics Of(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, float threshold = 0.5f)
    {
        var classes = labels.Select(l => l ? 1 : 0).ToArray();
        var scores = probabilities.Select(p => (double)p).ToArray();
        var metrics = ClassificationMetrics.Compute(classes, DecisionThreshold.Apply(scores, threshold), BinaryEvaluation.Classes);
        var n = labels.Count;
        var predictedShare = (double)metrics.Confusion.Predicted(1) / n;
        var prevalence = (double)metrics.Confusion.Actual(1) / n;
        // A coin that says "positive" as often as the model does: precision = prevalence, recall = that rate.
        var chance = predictedShare + prevalence > 0 ? 2 * prevalence * predictedShare / (prevalence + predictedShare) : 0;
        return new TestMetrics(metrics.Positive.F1, metrics.MacroF1, RocAuc.Binary(classes, scores).Value ?? double.NaN, predictedShare, chance);
    }

    public override string ToString() =>
        $"F1+ {PositiveF1:F3} (chance at the same rate {ChanceF1:F3}), macro F1 {MacroF1:F3}, AUC {Auc:F3}, predicted positive {PredictedPositiveShare:P1}";
}
