using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Preprocessing;
using KisTrader.Core.Ml.Registry;
using Microsoft.ML;
using Microsoft.ML.Data;

namespace KisTrader.Ml;

/// <summary>
/// The ONNX form of a trained ML.NET model, stored beside ML.NET's zip at registration. The graph takes only the
/// feature vector (<see cref="Input"/>, float[rows, width]) and gives only the probability: it is exported from a schema
/// without the Label and Weight columns, so it does not ask for a Label input as an export of the training schema does.
/// Every export is scored against ML.NET on sample rows before it is stored, and refused if the two disagree.
/// </summary>
public static class OnnxExport
{
    public const string Input = MlNetData.Features;

    /// <summary>Largest probability difference to ML.NET an export may show on the sample rows (float arithmetic in a
    /// different order: seen up to ~1e-5 for a 100-tree forest).</summary>
    public const double Tolerance = 1e-4;

    private sealed class FeaturesOnly
    {
        public float[] Features { get; set; } = [];
    }

    /// <summary>The model's ONNX bytes, checked against ML.NET on <paramref name="sampleRows"/> (preprocessed rows as
    /// the model takes them; at least one).</summary>
    public static byte[] Export(MlNetModel model, IReadOnlyList<float[]> sampleRows)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(sampleRows);
        if (sampleRows.Count == 0) throw new ArgumentException("The export is checked on sample rows: give at least one.", nameof(sampleRows));
        var ml = new MLContext(TrainerDefaults.Seed);
        var schema = SchemaDefinition.Create(typeof(FeaturesOnly));
        schema[Input].ColumnType = new VectorDataViewType(NumberDataViewType.Single, model.Width);
        var input = ml.Data.LoadFromEnumerable(Array.Empty<FeaturesOnly>(), schema);
        using var stream = new MemoryStream();
        ml.Model.ConvertToOnnx(model.Transformer, input, stream, MlNetData.Probability);
        var bytes = stream.ToArray();

        using var onnx = OnnxProbabilityModel.Load(bytes, model.Name, model.Width);
        var expected = model.PredictProbabilities(sampleRows);
        var actual = onnx.PredictProbabilities(sampleRows);
        var worst = 0.0;
        for (var i = 0; i < expected.Length; i++) worst = Math.Max(worst, Math.Abs(expected[i] - actual[i]));
        if (!(worst <= Tolerance))
            throw new InvalidOperationException($"The ONNX export of {model.Name} scores {sampleRows.Count} sample rows up to {worst:g3} away from ML.NET (tolerance {Tolerance:g}); not stored.");
        return bytes;
    }

    /// <summary>The registry artifact (format <c>onnx</c>) of <see cref="Export"/>.</summary>
    public static ModelArtifact Artifact(MlNetModel model, IReadOnlyList<float[]> sampleRows) => new(ModelArtifact.Onnx, Export(model, sampleRows));

    /// <summary>The artifact of a model trained on <paramref name="dataset"/>, checked on up to <see cref="SampleRows"/>
    /// of its rows spread over the whole window, preprocessed by the model's own <paramref name="preprocessor"/>.</summary>
    public static ModelArtifact Artifact(MlNetModel model, MlDataset dataset, Preprocessor preprocessor)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(preprocessor);
        var step = Math.Max(1, dataset.Rows.Count / SampleRows);
        var sample = dataset.Rows.Where((_, i) => i % step == 0).Take(SampleRows).Select(r => r.Features).ToList();
        return Artifact(model, preprocessor.Transform(sample).Rows);
    }

    /// <summary>How many training rows an export is checked on at registration.</summary>
    public const int SampleRows = 256;
}
