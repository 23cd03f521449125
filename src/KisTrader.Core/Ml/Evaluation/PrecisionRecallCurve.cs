namespace KisTrader.Core.Ml.Evaluation;

/// <summary>One point of the precision-recall curve: calling positive every row scoring at least <see cref="Threshold"/>.</summary>
public sealed record PrPoint(double Threshold, double Precision, double Recall);

/// <summary>
/// The precision-recall curve at every distinct score, thresholds ascending (recall falling), as scikit-learn's
/// <c>precision_recall_curve</c> without its closing (precision 1, recall 0) point, and the average precision: the
/// step-wise (not interpolated) area, Σ (Rₙ − Rₙ₊₁) Pₙ, as <c>average_precision_score</c>. With no positive label the
/// curve is empty and the average precision undefined.
/// </summary>
public sealed record PrecisionRecallCurve(IReadOnlyList<PrPoint> Points, MetricValue AveragePrecision)
{
    public static PrecisionRecallCurve Compute(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        var positives = EvaluationInput.Positives(labels);
        EvaluationInput.Probabilities(labels, scores);
        var totalPositives = positives.Count(p => p);
        if (totalPositives == 0)
            return new PrecisionRecallCurve([], MetricValue.Undefined($"no positive label in {labels.Count} rows: precision-recall needs one"));

        var counts = Counts(positives, scores);
        var points = new List<PrPoint>(counts.Count);
        for (var i = counts.Count - 1; i >= 0; i--)
        {
            var (threshold, tp, fp) = counts[i];
            points.Add(new PrPoint(threshold, (double)tp / (tp + fp), (double)tp / totalPositives));
        }
        var ap = 0.0;
        for (var i = 0; i < points.Count; i++)
            ap += (points[i].Recall - (i + 1 < points.Count ? points[i + 1].Recall : 0.0)) * points[i].Precision;
        return new PrecisionRecallCurve(points, MetricValue.Of(ap));
    }

    /// <summary>(threshold, true positives, false positives) when calling positive at or above each distinct score,
    /// thresholds descending.</summary>
    internal static List<(double Threshold, int Tp, int Fp)> Counts(bool[] positives, IReadOnlyList<double> scores)
    {
        var order = Enumerable.Range(0, positives.Length).OrderByDescending(i => scores[i]).ToArray();
        var result = new List<(double, int, int)>();
        int tp = 0, fp = 0;
        for (var i = 0; i < order.Length; i++)
        {
            if (positives[order[i]]) tp++; else fp++;
            if (i + 1 == order.Length || scores[order[i + 1]] != scores[order[i]]) result.Add((scores[order[i]], tp, fp));
        }
        return result;
    }
}
