using KisTrader.Core.Ml.Features;

namespace KisTrader.Core.Ml.Training;

/// <summary>Preprocessed rows (no missing values) with binary labels and optional example weights, as a trainer takes them.</summary>
public sealed class TrainingData
{
    public TrainingData(FeatureSchema schema, IReadOnlyList<float[]> features, IReadOnlyList<bool> labels, IReadOnlyList<float>? weights = null)
    {
        ArgumentNullException.ThrowIfNull(schema);
        ArgumentNullException.ThrowIfNull(features);
        ArgumentNullException.ThrowIfNull(labels);
        TrainingRows.Check(schema, features, labels.Count, weights);
        Schema = schema;
        Features = features;
        Labels = labels;
        Weights = weights;
    }

    public FeatureSchema Schema { get; }
    public IReadOnlyList<float[]> Features { get; }
    public IReadOnlyList<bool> Labels { get; }
    public IReadOnlyList<float>? Weights { get; }
    public int Count => Labels.Count;
}

/// <summary>The checks every training set makes of its rows, binary or multi-class: one label and weight per row, at
/// least one row, each row as wide as the schema and already preprocessed (no missing or infinite value).</summary>
internal static class TrainingRows
{
    public static void Check(FeatureSchema schema, IReadOnlyList<float[]> features, int labels, IReadOnlyList<float>? weights)
    {
        if (features.Count != labels) throw new ArgumentException($"{features.Count} rows but {labels} labels.", "labels");
        if (weights is not null && weights.Count != labels) throw new ArgumentException($"{weights.Count} weights for {labels} rows.", nameof(weights));
        if (features.Count == 0) throw new ArgumentException("No training rows.", nameof(features));
        foreach (var row in features)
        {
            if (row.Length != schema.Count) throw new ArgumentException($"A row has {row.Length} values; schema {schema.Id} has {schema.Count}.", nameof(features));
            if (row.Any(v => !float.IsFinite(v))) throw new ArgumentException("Training rows must be preprocessed: a value is missing or infinite.", nameof(features));
        }
    }
}
