namespace KisTrader.Ml.Tests;

/// <summary>The few numbers the acceptance tests need. TODO(issue 17): use Core/Ml/Evaluation (the evaluation helper's
/// branch) once merged, and drop this file.</summary>
internal sealed record TestMetrics(double PositiveF1, double MacroF1, double Auc, double PredictedPositiveShare, double ChanceF1)
{
    public static TestMetrics Of(IReadOnlyList<bool> labels, IReadOnlyList<float> probabilities, float threshold = 0.5f)
    {
        int tp = 0, fp = 0, fn = 0, tn = 0;
        for (var i = 0; i < labels.Count; i++)
        {
            var predicted = probabilities[i] >= threshold;
            if (predicted && labels[i]) tp++;
            else if (predicted) fp++;
            else if (labels[i]) fn++;
            else tn++;
        }
        static double F1(int tp, int fp, int fn) => tp == 0 ? 0 : 2.0 * tp / (2.0 * tp + fp + fn);
        var f1Positive = F1(tp, fp, fn);
        var f1Negative = F1(tn, fn, fp);
        var n = labels.Count;
        var predictedShare = (double)(tp + fp) / n;
        var prevalence = (double)(tp + fn) / n;
        // A coin that says "positive" as often as the model does: precision = prevalence, recall = that rate.
        var chance = predictedShare + prevalence > 0 ? 2 * prevalence * predictedShare / (prevalence + predictedShare) : 0;
        return new TestMetrics(f1Positive, (f1Positive + f1Negative) / 2, RankAuc(labels, probabilities), predictedShare, chance);
    }

    private static double RankAuc(IReadOnlyList<bool> labels, IReadOnlyList<float> scores)
    {
        var order = Enumerable.Range(0, labels.Count).OrderBy(i => scores[i]).ToArray();
        double rankSum = 0;
        long positives = 0;
        var k = 0;
        while (k < order.Length)
        {
            var j = k;
            while (j + 1 < order.Length && scores[order[j + 1]] == scores[order[k]]) j++;
            var rank = (k + j) / 2.0 + 1;
            for (var m = k; m <= j; m++)
                if (labels[order[m]])
                {
                    rankSum += rank;
                    positives++;
                }
            k = j + 1;
        }
        var negatives = labels.Count - positives;
        return positives == 0 || negatives == 0 ? double.NaN : (rankSum - positives * (positives + 1) / 2.0) / (positives * (double)negatives);
    }

    public override string ToString() =>
        $"F1+ {PositiveF1:F3} (chance at the same rate {ChanceF1:F3}), macro F1 {MacroF1:F3}, AUC {Auc:F3}, predicted positive {PredictedPositiveShare:P1}";
}
