namespace KisTrader.Core.Ml.Evaluation;

/// <summary>Counts of (true class, predicted class): <c>Counts[actual][predicted]</c>, rows are the true classes as in
/// scikit-learn's <c>confusion_matrix</c>.</summary>
public sealed record ConfusionMatrix(int Classes, IReadOnlyList<IReadOnlyList<int>> Counts)
{
    public static ConfusionMatrix From(IReadOnlyList<int> labels, IReadOnlyList<int> predictions, int classes)
    {
        EvaluationInput.Labels(labels, classes);
        EvaluationInput.Labels(predictions, classes, nameof(predictions));
        if (predictions.Count != labels.Count)
            throw new ArgumentException($"{predictions.Count} predictions for {labels.Count} labels", nameof(predictions));
        var counts = new int[classes][];
        for (var k = 0; k < classes; k++) counts[k] = new int[classes];
        for (var i = 0; i < labels.Count; i++) counts[labels[i]][predictions[i]]++;
        return new ConfusionMatrix(classes, counts);
    }

    public int Total => Counts.Sum(r => r.Sum());

    public int TruePositives(int k) => Counts[k][k];

    /// <summary>How many rows were predicted as <paramref name="k"/>.</summary>
    public int Predicted(int k) => Counts.Sum(r => r[k]);

    /// <summary>How many rows truly are <paramref name="k"/> (its support).</summary>
    public int Actual(int k) => Counts[k].Sum();
}
