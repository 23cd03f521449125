using KisTrader.Core.Ml.Training;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace KisTrader.Ml;

/// <summary>
/// An ML.NET model scored row by row through a <see cref="PredictionEngine{TSrc, TDst}"/>: the live graph's batches are
/// small (one run of 40 instruments), and there <see cref="MlNetModel.PredictProbabilities"/>' IDataView per call costs
/// far more than the scoring (docs/benchmarks.md, ml-inference). Same probabilities as <see cref="MlNetModel"/>. A
/// prediction engine is not thread-safe, so calls take turns (the graph scores once per run).
/// </summary>
public sealed class MlNetRowModel : IProbabilityModel
{
    private readonly PredictionEngine<Input, Output> _engine;
    private readonly Input _input = new();
    private readonly Lock _lock = new();

    private sealed class Input
    {
        public float[] Features { get; set; } = [];
    }

    private sealed class Output
    {
        public float Probability { get; set; }
    }

    public MlNetRowModel(MlNetModel model)
    {
        ArgumentNullException.ThrowIfNull(model);
        Name = model.Name;
        Width = model.Width;
        var schema = SchemaDefinition.Create(typeof(Input));
        schema[MlNetData.Features].ColumnType = new VectorDataViewType(NumberDataViewType.Single, model.Width);
        _engine = new MLContext(TrainerDefaults.Seed).Model.CreatePredictionEngine<Input, Output>(model.Transformer, inputSchemaDefinition: schema);
    }

    public string Name { get; }

    /// <summary>Features per row the model was trained on.</summary>
    public int Width { get; }

    public float[] PredictProbabilities(IReadOnlyList<float[]> rows)
    {
        ArgumentNullException.ThrowIfNull(rows);
        foreach (var r in rows)
            if (r.Length != Width) throw new ArgumentException($"A row has {r.Length} values; the model was trained on {Width}.", nameof(rows));
        var result = new float[rows.Count];
        lock (_lock)
        {
            for (var i = 0; i < result.Length; i++)
            {
                _input.Features = rows[i];
                result[i] = _engine.Predict(_input).Probability;
            }
            _input.Features = [];
        }
        return result;
    }
}
