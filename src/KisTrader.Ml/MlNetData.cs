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

/// <summary>A fitted ML.NET pipeline whose output has a Probability column. <see cref="Save"/> writes ML.NET's zip (the
/// registry stores it; ONNX export comes with the registry); <see cref="Load"/> reads one back.</summary>
public sealed class MlNetModel : Core.Ml.Training.IProbabilityModel
{
    private readonly MLContext _ml;

    internal MlNetModel(string name, MLContext ml, ITransformer transformer, int width)
    {
        Name = name;
        _ml = ml;
        Transformer = transformer;
        Width = width;
    }

    public string Name { get; }

    /// <summary>Features per row the model was trained on.</summary>
    public int Width { get; }

    public ITransformer Transformer { get; }

    public float[] PredictProbabilities(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        if (rows.Count == 0) return [];
        foreach (var r in rows)
            if (r.Length != Width) throw new ArgumentException($"A row has {r.Length} values; the model was trained on {Width}.", nameof(rows));
        var scored = Transformer.Transform(MlNetData.Load(_ml, rows, null, null, Width));
        return [.. scored.GetColumn<float>(MlNetData.Probability)];
    }

    public void Save(Stream stream)
    {
        ArgumentNullException.ThrowIfNull(stream);
        _ml.Model.Save(Transformer, MlNetData.Load(_ml, [], null, null, Width).Schema, stream);
    }

    public static MlNetModel Load(Stream stream, string name, int width, int seed = TrainerDefaults.Seed)
    {
        ArgumentNullException.ThrowIfNull(stream);
        var ml = new MLContext(seed);
        var transformer = ml.Model.Load(stream, out var schema);
        var features = schema.GetColumnOrNull(MlNetData.Features)
            ?? throw new InvalidDataException($"The stored model {name} has no {MlNetData.Features} input column.");
        if (features.Type is not VectorDataViewType { Size: var size } || size != width)
            throw new InvalidDataException($"The stored model {name} takes {features.Type} features, not {width}.");
        return new MlNetModel(name, ml, transformer, width);
    }
}
