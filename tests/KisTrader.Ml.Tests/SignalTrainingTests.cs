using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Registry;

namespace KisTrader.Ml.Tests;

/// <summary>What <c>train</c> runs per model: pooled walk-forward metrics, a version the registry accepts with
/// artifacts that load back, and a data hash that follows the rows.</summary>
public sealed class SignalTrainingTests
{
    private static readonly MlDataset Dataset = new DatasetBuilder(new DailyFeatures())
        .Build(FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 7, instruments: 4, sessions: 220, pattern: true)), SyntheticMarket.Start, new DateOnly(2030, 1, 1));

    [Fact]
    public async Task Lr_PoolsTheTestWindows_AndRegistersACandidateWhoseModelLoadsBack()
    {
        var spec = new LabelSpec();
        var windows = SignalTraining.Windows(Dataset.Sessions.Count, spec);
        var result = SignalTraining.Run(Dataset, TrainerDefaults.Create("lr"), new TrainingWindow(Dataset.Sessions[0], Dataset.Sessions[^1]), spec, windows);

        Assert.Equal(windows.Folds, result.FoldThresholds.Count);
        Assert.Equal(result.Test.Confusion.Total, result.Baseline.Confusion.Total);
        Assert.Equal(result.Test.Positive.F1, result.Version.Metrics.F1, 12);
        Assert.Equal(result.FoldThresholds[^1], result.Version.Metrics.Threshold);
        Assert.Null(result.Version.Problem());

        var registry = new InMemoryModelRegistry();
        var service = new ModelRegistryService(registry, new InMemoryAuditLog(), new PromotionOptions(), TimeProvider.System);
        var stored = await service.RegisterAsync(result.Version, result.Artifacts, "test");
        Assert.Equal(("up5d-1pct", 1, ModelStatus.Candidate), (stored.Signal, stored.Version, stored.Status));

        var bytes = await registry.GetArtifactAsync("up5d-1pct", 1, ModelArtifact.MlNet);
        using var stream = new MemoryStream(bytes!);
        var model = MlNetModel.Load(stream, "lr", Dataset.Schema.Count);
        var p = Assert.Single(model.PredictProbabilities([new float[Dataset.Schema.Count]]));
        Assert.InRange(p, 0f, 1f);
    }

    [Fact]
    public void DataHash_IsStable_AndChangesWithOneFeatureValue()
    {
        var hash = SignalTraining.DataSha256(Dataset);
        Assert.Equal(hash, SignalTraining.DataSha256(new MlDataset(Dataset.Schema, Dataset.Rows)));
        var rows = Dataset.Rows.ToList();
        var changed = (float[])rows[10].Features.Clone();
        changed[0] = float.IsNaN(changed[0]) ? 1f : changed[0] + 1e-3f;
        rows[10] = rows[10] with { Features = changed };
        Assert.NotEqual(hash, SignalTraining.DataSha256(new MlDataset(Dataset.Schema, rows)));
    }

    [Fact]
    public void SignalName_FollowsTheLabel() =>
        Assert.Equal(("up5d-1pct", "up10d-2.5pct"), (SignalTraining.SignalName(new LabelSpec()), SignalTraining.SignalName(new LabelSpec(10, 0.025m))));
}
