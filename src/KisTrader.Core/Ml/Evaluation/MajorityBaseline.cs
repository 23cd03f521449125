namespace KisTrader.Core.Ml.Evaluation;

/// <summary>The majority-class baseline: the class most frequent in the training labels (ties to the lowest class),
/// predicted for every test row. A model claims skill only by beating it on the same test rows.</summary>
public static class MajorityBaseline
{
    public static ClassificationMetrics Evaluate(IReadOnlyList<int> trainingLabels, IReadOnlyList<int> testLabels, int classes)
    {
        EvaluationInput.Labels(trainingLabels, classes, nameof(trainingLabels));
        if (trainingLabels.Count == 0) throw new ArgumentException("no training labels", nameof(trainingLabels));
        var counts = new int[classes];
        foreach (var l in trainingLabels) counts[l]++;
        var majority = Array.IndexOf(counts, counts.Max());
        return ClassificationMetrics.Compute(testLabels, [.. Enumerable.Repeat(majority, testLabels.Count)], classes);
    }

    /// <summary>The headline F1 the registry compares: the positive class's for two classes, the macro F1 otherwise.</summary>
    public static double HeadlineF1(ClassificationMetrics metrics) =>
        metrics.PerClass.Count == 2 ? metrics.Positive.F1 : metrics.MacroF1;
}
