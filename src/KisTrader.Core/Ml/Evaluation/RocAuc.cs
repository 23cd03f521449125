namespace KisTrader.Core.Ml.Evaluation;

/// <summary>Area under the ROC curve: the probability that a random positive scores above a random negative, ties
/// counting half (the Mann-Whitney statistic, equal to the trapezoidal area scikit-learn computes). Undefined, with the
/// reason, when the labels hold only one class.</summary>
public static class RocAuc
{
    public static MetricValue Binary(IReadOnlyList<int> labels, IReadOnlyList<double> scores)
    {
        var positives = EvaluationInput.Positives(labels);
        EvaluationInput.Probabilities(labels, scores);
        return Of(positives, scores);
    }

    /// <summary>One-vs-rest ROC AUC of each class (its probability column against all other rows) and their unweighted
    /// mean, as scikit-learn's <c>roc_auc_score(multi_class="ovr", average="macro")</c>. Undefined when any class is
    /// absent from the labels.</summary>
    public static (MetricValue Macro, IReadOnlyList<MetricValue> PerClass) OneVsRest(IReadOnlyList<int> labels, IReadOnlyList<double[]> probabilities, int classes)
    {
        EvaluationInput.Labels(labels, classes);
        EvaluationInput.ProbabilityRows(labels, probabilities, classes);
        var perClass = new MetricValue[classes];
        for (var k = 0; k < classes; k++)
        {
            var positives = labels.Select(l => l == k).ToArray();
            var column = probabilities.Select(r => r[k]).ToArray();
            perClass[k] = Of(positives, column, $"class {k}: ");
        }
        var macro = perClass.All(v => v.IsDefined)
            ? MetricValue.Of(perClass.Average(v => v.Value!.Value))
            : MetricValue.Undefined(string.Join("; ", perClass.Where(v => !v.IsDefined).Select(v => v.UndefinedReason)));
        return (macro, perClass);
    }

    /// <summary>ROC AUC of any scores, not only probabilities (e.g. one feature's values against the labels, as the
    /// leakage guard reads them).</summary>
    public static MetricValue OfScores(IReadOnlyList<bool> positives, IReadOnlyList<double> scores)
    {
        ArgumentNullException.ThrowIfNull(positives);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.Count != positives.Count) throw new ArgumentException($"{scores.Count} scores for {positives.Count} labels", nameof(scores));
        return Of(positives, scores);
    }

    private static MetricValue Of(IReadOnlyList<bool> positives, IReadOnlyList<double> scores, string prefix = "")
    {
        var nPos = positives.Count(p => p);
        var nNeg = positives.Count - nPos;
        if (nPos == 0 || nNeg == 0)
            return MetricValue.Undefined($"{prefix}only one class ({(nPos == 0 ? "negative" : "positive")}) in {positives.Count} labels: ROC AUC needs both");

        var order = Enumerable.Range(0, positives.Count).OrderBy(i => scores[i]).ToArray();
        // Sum of the positives' ranks (1-based), tied scores sharing their average rank.
        var rankSum = 0.0;
        for (var start = 0; start < order.Length;)
        {
            var end = start;
            while (end + 1 < order.Length && scores[order[end + 1]] == scores[order[start]]) end++;
            var averageRank = (start + end) / 2.0 + 1;
            for (var i = start; i <= end; i++)
                if (positives[order[i]]) rankSum += averageRank;
            start = end + 1;
        }
        return MetricValue.Of((rankSum - nPos * (nPos + 1) / 2.0) / ((double)nPos * nNeg));
    }
}
