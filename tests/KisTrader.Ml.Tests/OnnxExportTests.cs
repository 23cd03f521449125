using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Preprocessing;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using Xunit.Abstractions;

namespace KisTrader.Ml.Tests;

/// <summary>The ONNX export stored at registration scores as ML.NET does, and the loader turns a registered version into
/// the model of the preferred kind (the other kind when only that one is stored; a clear error when none is).</summary>
public sealed class OnnxExportTests(ITestOutputHelper output)
{
    private static readonly MlDataset Dataset = new DatasetBuilder(new DailyFeatures())
        .Build(FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 7, instruments: 4, sessions: 220, pattern: true)), SyntheticMarket.Start, new DateOnly(2030, 1, 1));

    private static float[][] Preprocessed()
    {
        var raw = Dataset.Rows.Select(r => r.Features).ToList();
        return Preprocessor.Fit(Dataset.Schema, raw).Transform(raw).Rows;
    }

    [Theory]
    [InlineData("lr")]
    [InlineData("rf")]
    [InlineData("lgbm")]
    public void Export_ScoresEveryRowAsMlNetDoes(string trainer)
    {
        var rows = Preprocessed();
        var labels = Dataset.Rows.Select(r => r.Label.Positive).ToList();
        var model = (MlNetModel)TrainerDefaults.Create(trainer).Fit(new TrainingData(Dataset.Schema, rows, labels));

        var bytes = OnnxExport.Export(model, rows[..10]);
        using var onnx = OnnxProbabilityModel.Load(bytes, trainer, Dataset.Schema.Count);
        var expected = model.PredictProbabilities(rows);
        var actual = onnx.PredictProbabilities(rows);

        Assert.Equal(rows.Length, actual.Length);
        var worst = expected.Zip(actual, (e, a) => Math.Abs(e - a)).Max();
        output.WriteLine($"{trainer}: {rows.Length} rows, ONNX {bytes.Length:#,0} bytes, largest difference to ML.NET {worst:g3}, ML.NET probabilities {expected.Min():0.000}-{expected.Max():0.000}");
        Assert.True(worst <= OnnxExport.Tolerance, $"{trainer}: largest difference {worst:g3}");
        // The rows must tell the model something, or equal outputs would prove nothing.
        Assert.True(expected.Max() - expected.Min() > 0.05, $"{trainer}: probabilities {expected.Min()}-{expected.Max()}");
    }

    [Fact]
    public async Task Registration_StoresTheOnnxExport_AndTheLoaderScoresFromIt()
    {
        var spec = new LabelSpec();
        var result = SignalTraining.Run(Dataset, TrainerDefaults.Create("rf"), new TrainingWindow(Dataset.Sessions[0], Dataset.Sessions[^1]), spec,
            SignalTraining.Windows(Dataset.Sessions.Count, spec));
        Assert.Contains(result.Artifacts, a => a.Format == ModelArtifact.Onnx);

        var registry = new InMemoryModelRegistry();
        var service = new ModelRegistryService(registry, new InMemoryAuditLog(), new PromotionOptions(), TimeProvider.System);
        var stored = await service.RegisterAsync(result.Version, result.Artifacts, "test");
        Assert.Contains(stored.Artifacts, a => a.Format == ModelArtifact.Onnx);
        var artifacts = new Dictionary<string, byte[]?>();
        foreach (var format in new[] { ModelArtifact.Onnx, ModelArtifact.MlNet })
            artifacts[format] = await registry.GetArtifactAsync(stored.Signal, stored.Version, format);

        var fromOnnx = new ScoringModelLoader(ScoringModelKind.Onnx).Load(stored, f => artifacts.GetValueOrDefault(f));
        var fromMlNet = new ScoringModelLoader(ScoringModelKind.MlNet).Load(stored, f => artifacts.GetValueOrDefault(f));
        Assert.IsType<OnnxProbabilityModel>(fromOnnx);
        Assert.IsType<MlNetRowModel>(fromMlNet);

        var rows = Preprocessed()[..40];
        var a = fromOnnx.PredictProbabilities(rows);
        var b = fromMlNet.PredictProbabilities(rows);
        Assert.All(a.Zip(b), p => Assert.InRange(Math.Abs(p.First - p.Second), 0, OnnxExport.Tolerance));
        ((IDisposable)fromOnnx).Dispose();
    }

    [Fact]
    public void Loader_UsesTheOtherKind_WhenOnlyThatOneIsStored_AndRefusesAVersionWithoutAModel()
    {
        var rows = Preprocessed();
        var model = (MlNetModel)TrainerDefaults.Create("lr").Fit(new TrainingData(Dataset.Schema, rows, [.. Dataset.Rows.Select(r => r.Label.Positive)]));
        using var stream = new MemoryStream();
        model.Save(stream);
        var version = Version("lr");

        var loaded = new ScoringModelLoader(ScoringModelKind.Onnx).Load(version, f => f == ModelArtifact.MlNet ? stream.ToArray() : null);
        Assert.IsType<MlNetRowModel>(loaded);

        var onnx = OnnxExport.Export(model, rows[..5]);
        using var fromOnnx = Assert.IsType<OnnxProbabilityModel>(new ScoringModelLoader(ScoringModelKind.MlNet).Load(version, f => f == ModelArtifact.Onnx ? onnx : null));

        var error = Assert.Throws<InvalidDataException>(() => new ScoringModelLoader().Load(Version("majority"), _ => null));
        Assert.Contains("up5d-1pct v1 (majority) has no stored model", error.Message);
    }

    [Theory]
    [InlineData("lr")]
    [InlineData("rf")]
    public void RowModel_GivesTheBatchPathsProbabilities_AndRefusesARowOfAnotherWidth(string trainer)
    {
        var rows = Preprocessed();
        var model = (MlNetModel)TrainerDefaults.Create(trainer).Fit(new TrainingData(Dataset.Schema, rows, [.. Dataset.Rows.Select(r => r.Label.Positive)]));
        var byRow = new MlNetRowModel(model);
        Assert.Equal(model.PredictProbabilities(rows), byRow.PredictProbabilities(rows));
        Assert.Throws<ArgumentException>(() => byRow.PredictProbabilities([new float[Dataset.Schema.Count + 1]]));
        Assert.Empty(byRow.PredictProbabilities([]));
    }

    [Fact]
    public void OnnxModel_RefusesAnExportOfAnotherWidth_AndBytesThatAreNoModel()
    {
        var rows = Preprocessed();
        var model = (MlNetModel)TrainerDefaults.Create("lr").Fit(new TrainingData(Dataset.Schema, rows, [.. Dataset.Rows.Select(r => r.Label.Positive)]));
        var onnx = OnnxExport.Export(model, rows[..5]);

        var width = Assert.Throws<InvalidDataException>(() => OnnxProbabilityModel.Load(onnx, "lr", Dataset.Schema.Count + 1));
        Assert.Contains($"[rows, {Dataset.Schema.Count + 1}]", width.Message);
        Assert.Throws<InvalidDataException>(() => OnnxProbabilityModel.Load([1, 2, 3, 4], "lr", Dataset.Schema.Count));

        using var session = OnnxProbabilityModel.Load(onnx, "lr", Dataset.Schema.Count);
        Assert.Throws<ArgumentException>(() => session.PredictProbabilities([new float[Dataset.Schema.Count - 1]]));
        Assert.Empty(session.PredictProbabilities([]));
    }

    private static ModelVersion Version(string trainer) => new()
    {
        Signal = "up5d-1pct",
        Version = 1,
        Trainer = trainer,
        Window = new TrainingWindow(Dataset.Sessions[0], Dataset.Sessions[^1]),
        Features = Dataset.Schema.Columns,
        FeatureSetVersion = Dataset.Schema.Id,
        HyperParameters = new Dictionary<string, string>(),
        DataSha256 = new string('0', 64),
        Metrics = new ModelMetrics { F1 = 0.5, Precision = 0.5, Recall = 0.5, BaselineF1 = 0.3, TestRows = 10 },
        CreatedAt = DateTimeOffset.UnixEpoch,
    };
}
