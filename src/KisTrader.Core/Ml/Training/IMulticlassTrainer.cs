using KisTrader.Core.Ml.Features;

namespace KisTrader.Core.Ml.Training;

/// <summary>A learning algorithm for the three-class signal (down, flat, up: <see cref="Labels.Direction"/>'s values 0, 1,
/// 2), the counterpart of <see cref="IProbabilityTrainer"/>. Deterministic for a given seed and data.</summary>
public interface IMulticlassTrainer
{
    /// <summary>Short name: "majority", "lr", "rf", "lgbm".</summary>
    string Name { get; }

    IReadOnlyDictionary<string, string> Parameters { get; }

    IMulticlassModel Fit(MulticlassTrainingData data, CancellationToken ct = default);
}

/// <summary>A fitted three-class model: per row, one probability per class (summing to 1), class index order.</summary>
public interface IMulticlassModel
{
    string Name { get; }

    double[][] PredictProbabilities(IReadOnlyList<float[]> rows);
}

/// <summary>Preprocessed rows with class labels 0..<see cref="Classes"/>-1 and optional example weights.</summary>
public sealed class MulticlassTrainingData
{
    public MulticlassTrainingData(FeatureSchema schema, IReadOnlyList<float[]> features, IReadOnlyList<int> labels, int classes,
        IReadOnlyList<float>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        if (classes < 2) throw new ArgumentOutOfRangeException(nameof(classes), classes, "At least two classes.");
        TrainingRows.Check(schema, features, labels.Count, weights);
        if (labels.Any(l => l < 0 || l >= classes)) throw new ArgumentException($"A label is outside 0..{classes - 1}.", nameof(labels));
        Schema = schema;
        Features = features;
        Labels = labels;
        Classes = classes;
        Weights = weights;
    }

    public FeatureSchema Schema { get; }
    public IReadOnlyList<float[]> Features { get; }
    public IReadOnlyList<int> Labels { get; }
    public int Classes { get; }
    public IReadOnlyList<float>? Weights { get; }
    public int Count => Labels.Count;

    /// <summary>Per class, its count in the labels.</summary>
    public int[] Counts()
    {
        var counts = new int[Classes];
        foreach (var l in Labels) counts[l]++;
        return counts;
    }

    /// <summary>Balanced weights: n / (classes × count of the row's class), so every class weighs the same in total.</summary>
    public static float[] BalancedWeights(IReadOnlyList<int> labels, int classes)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var counts = new int[classes];
        foreach (var l in labels) counts[l]++;
        return [.. labels.Select(l => (float)(labels.Count / (double)(classes * counts[l])))];
    }
}

/// <summary>The three-class baseline: the training window's class shares for every row, so the most probable class is
/// always the majority class (ties to the lowest index, as <see cref="Evaluation.MajorityBaseline"/>).</summary>
public sealed class MajorityMulticlassTrainer : IMulticlassTrainer
{
    public string Name => "majority";

    public IReadOnlyDictionary<string, string> Parameters { get; } = new Dictionary<string, string>();

    public IMulticlassModel Fit(MulticlassTrainingData data, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(data);
        return new Shares([.. data.Counts().Select(c => (double)c / data.Count)]);
    }

    private sealed class Shares(double[] shares) : IMulticlassModel
    {
        public string Name => "majority";

        public double[][] PredictProbabilities(IReadOnlyList<float[]> rows)
        {
            ArgumentNullException.ThrowIfNull(rows);
            return [.. rows.Select(_ => (double[])shares.Clone())];
        }
    }
}
