namespace KisTrader.Core.Ml.Evaluation;

/// <summary>One bin of the reliability diagram: predictions in (Lower, Upper] (the first bin also takes 0), how many,
/// their mean probability and how often the label was positive. Empty bins have no rates.</summary>
public sealed record ReliabilityBin(double Lower, double Upper, int Count, double? MeanPredicted, double? ObservedRate);

/// <summary>
/// How well the probabilities are calibrated: equal-width reliability bins over [0, 1] (scikit-learn's
/// <c>calibration_curve(strategy="uniform")</c>, which returns the non-empty ones) and the Brier score, the mean squared
/// distance between the probability and the outcome (0 is perfect; always predicting the base rate p scores p(1 − p)).
/// For three classes the Brier score is the mean over rows of Σₖ (pₖ − [label = k])², Brier's original definition.
/// </summary>
public sealed record CalibrationReport(IReadOnlyList<ReliabilityBin> Bins, double Brier)
{
    public static CalibrationReport Binary(IReadOnlyList<int> labels, IReadOnlyList<double> probabilities, int bins = 10)
    {
        var positives = EvaluationInput.Positives(labels);
        EvaluationInput.Probabilities(labels, probabilities);
        ArgumentOutOfRangeException.ThrowIfLessThan(bins, 1);
        if (labels.Count == 0) throw new ArgumentException("no rows to calibrate", nameof(labels));

        // Edges as numpy's linspace(0, 1, bins + 1) computes them (i × (1 / bins)), so a probability on an edge falls in
        // the same bin as in scikit-learn: the number of inner edges strictly below it.
        var step = 1.0 / bins;
        var edges = Enumerable.Range(0, bins + 1).Select(i => i == bins ? 1.0 : i * step).ToArray();
        var count = new int[bins];
        var sumPredicted = new double[bins];
        var sumPositive = new double[bins];
        var squared = 0.0;
        for (var i = 0; i < positives.Length; i++)
        {
            var p = probabilities[i];
            var bin = 0;
            while (bin < bins - 1 && edges[bin + 1] < p) bin++;
            count[bin]++;
            sumPredicted[bin] += p;
            var y = positives[i] ? 1.0 : 0.0;
            sumPositive[bin] += y;
            squared += (y - p) * (y - p);
        }
        var result = Enumerable.Range(0, bins).Select(b => new ReliabilityBin(edges[b], edges[b + 1], count[b],
            count[b] == 0 ? null : sumPredicted[b] / count[b], count[b] == 0 ? null : sumPositive[b] / count[b])).ToList();
        return new CalibrationReport(result, squared / positives.Length);
    }

    /// <summary>The multi-class Brier score (see the type's summary).</summary>
    public static double MulticlassBrier(IReadOnlyList<int> labels, IReadOnlyList<double[]> probabilities, int classes)
    {
        EvaluationInput.Labels(labels, classes);
        EvaluationInput.ProbabilityRows(labels, probabilities, classes);
        if (labels.Count == 0) throw new ArgumentException("no rows to score", nameof(labels));
        var total = 0.0;
        for (var i = 0; i < labels.Count; i++)
        {
            var row = 0.0;
            for (var k = 0; k < classes; k++)
            {
                var d = probabilities[i][k] - (labels[i] == k ? 1.0 : 0.0);
                row += d * d;
            }
            total += row;
        }
        return total / labels.Count;
    }
}
