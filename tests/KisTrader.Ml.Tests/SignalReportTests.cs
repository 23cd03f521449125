using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Registry;
using Xunit.Abstractions;

namespace KisTrader.Ml.Tests;

/// <summary>The report artifact the Models page draws: stored with the version at training, computed from the same
/// out-of-sample predictions as the metrics, and its permutation importance finds the planted pattern's feature.</summary>
public sealed class SignalReportTests(ITestOutputHelper output)
{
    private static readonly MlDataset Dataset = new DatasetBuilder(new DailyFeatures())
        .Build(FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 7, instruments: 6, sessions: 260, pattern: true)), SyntheticMarket.Start, new DateOnly(2030, 1, 1));

    [Fact]
    public async Task Training_stores_a_report_that_agrees_with_the_metrics_and_ranks_the_planted_volume_feature_first()
    {
        var spec = new LabelSpec();
        var result = SignalTraining.Run(Dataset, TrainerDefaults.Create("lr"), new TrainingWindow(Dataset.Sessions[0], Dataset.Sessions[^1]), spec,
            SignalTraining.Windows(Dataset.Sessions.Count, spec));
        var registry = new InMemoryModelRegistry();
        var stored = await new ModelRegistryService(registry, new InMemoryAuditLog(), new PromotionOptions(), TimeProvider.System)
            .RegisterAsync(result.Version, result.Artifacts, "test");
        Assert.Contains(stored.Artifacts, a => a.Format == ModelReport.Format);

        var report = ModelReport.Parse((await registry.GetArtifactAsync(stored.Signal, stored.Version, ModelReport.Format))!);

        // The same rows and numbers as the version's metrics.
        Assert.Equal(stored.Metrics.TestRows, report.TestRows);
        Assert.Equal(report.TestRows, report.Confusion.Sum(r => r.Sum()));
        Assert.Equal(result.Test.Confusion.Counts.Select(r => r.ToArray()), report.Confusion.Select(r => r.ToArray()));
        Assert.Equal(["not up", "up"], report.Classes.Select(c => c.Name));
        Assert.Equal(stored.Metrics.F1, report.Classes[1].F1, 12);
        Assert.Equal(stored.Metrics.Precision, report.Classes[1].Precision, 12);
        Assert.Equal(stored.Metrics.AveragePrecision, report.AveragePrecision);
        Assert.Equal(stored.Metrics.Threshold, report.Threshold);
        Assert.InRange(report.PrCurve.Count, 2, ModelReport.MaxCurvePoints);
        Assert.All(report.PrCurve, p => Assert.InRange(p.Precision, 0, 1));
        Assert.Equal(10, report.Calibration.Count);
        Assert.Equal(report.TestRows, report.Calibration.Sum(b => b.Count));

        // Every feature is ranked; the volume spike is what predicts the label.
        Assert.Null(report.ImportanceUnavailable);
        Assert.Equal(Dataset.Schema.Count, report.Importance.Count);
        output.WriteLine($"importance ({report.ImportanceScore} {report.ImportanceBaseline:0.###} on {report.ImportanceRows} rows): " +
            string.Join(", ", report.Importance.Take(5).Select(f => $"{f.Name} {f.Mean:0.####}±{f.StdDev:0.####}")));
        Assert.StartsWith("volume_ratio", report.Importance[0].Name);
        Assert.True(report.Importance[0].Mean > 0.02, $"shuffling {report.Importance[0].Name} costs {report.Importance[0].Mean:0.####} AUC");
    }

    [Fact]
    public void A_malformed_report_is_refused_with_a_clear_error()
    {
        Assert.Contains("not valid", Assert.Throws<FormatException>(() => ModelReport.Parse("{ not json"u8.ToArray())).Message);
        var json = """{"testRows":2,"threshold":0.5,"positiveRate":0.5,"classes":[{"name":"not up","precision":1,"recall":1,"f1":1,"support":1},{"name":"up","precision":1,"recall":1,"f1":1,"support":1}],"confusion":[[1,0]],"prCurve":[],"calibration":[],"brier":0,"importanceScore":"ROC AUC","importance":[]}"""u8.ToArray();
        Assert.Contains("not 2 × 2", Assert.Throws<FormatException>(() => ModelReport.Parse(json)).Message);
        Assert.Contains("not valid", Assert.Throws<FormatException>(() => ModelReport.Parse("""{"testRows":2}"""u8.ToArray())).Message);
    }

    [Fact]
    public void A_long_curve_is_thinned_to_the_limit_keeping_its_ends()
    {
        var points = Enumerable.Range(0, 1000).Select(i => new Core.Ml.Evaluation.PrPoint(i / 1000.0, 0.5, 1 - i / 1000.0)).ToList();
        var thin = ModelReport.Thin(points, 50);
        Assert.Equal(50, thin.Count);
        Assert.Equal((points[0], points[^1]), (thin[0], thin[^1]));
        Assert.Same(points, ModelReport.Thin(points, 1000));
    }
}
