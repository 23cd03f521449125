using Microsoft.ML;
using Microsoft.ML.Data;

namespace KisTrader.Ml;

/// <summary>Rows as ML.NET reads them: a vector of known width (set at run time from the feature schema), a boolean label
/// and an example weight (1 when the data has none).</summary>
internal static class MlNetData
{
    public const string Features = nameof(Row.Features);
    public const string Label = nameof(Row.Label);
    public const string Weight = nameof(Row.Weight);
    public const string Probability = "Probability";

    internal sealed class Row
    {
        public float[] Features { get; set; } = [];
        public bool Label { get; set; }
        public float Weight { get; set; }
    }

    public static IDataView Load(MLContext ml, IReadOnlyList<float[]> features, IReadOnlyList<bool>? labels, IReadOnlyList<float>? weights, int width)
    {
        var schema = SchemaDefinition.Create(typeof(Row));
        schema[Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, width);
        var rows = features.Select((f, i) => new Row { Features = f, Label = labels?[i] ?? false, Weight = weights?[i] ?? 1f });
        // Materialised: the trainers read the data several times, and LoadFromEnumerable would re-run the projection each time.
        return ml.Data.LoadFromEnumerable(rows.ToList(), schema);
    }
}

/// <summary>A fitted ML.NET pipeline whose output has a Probability column.</summary>
internal sealed class MlNetModel(string name, MLContext ml, ITransformer transformer, int width) : Core.Ml.Training.IProbabilityModel
{
    public string Name { get; } = name;

    /// <summary>The ML.NET transformer (for saving and ONNX export by the registry later).</summary>
    public ITransformer Transformer { get; } = transformer;

    public float[] PredictProbabilities(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        foreach (var r in rows)
            if (r.Length != width) throw new ArgumentException($"A row has {r.Length} values; the model was trained on {width}.", nameof(rows));
        var scored = Transformer.Transform(MlNetData.Load(ml, rows, null, null, width));
        return [.. scored.GetColumn<float>(MlNetData.Probability)];
    }
}
