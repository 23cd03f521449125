using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using Xunit.Abstractions;

namespace KisTrader.Ml.Tests;

/// <summary>The three-class signal (down, flat, up): on the seeded history with the planted pattern every trainer beats
/// the majority baseline's macro F1 out of sample; the registered version keeps the per-class numbers.</summary>
[Collection(SyntheticCollection.Name)]
public sealed class ThreeClassTests(SyntheticDatasets data, ITestOutputHelper output)
{
    public static TheoryData<string> Learners => ["lr", "rf", "lgbm"];

    private static readonly TrainingWindow Window = new(SyntheticMarket.Start, new DateOnly(2030, 1, 1));

    [Theory]
    [MemberData(nameof(Learners))]
    public void Every_three_class_trainer_beats_the_majority_baseline_macro_F1_on_the_planted_pattern(string name)
    {
        var result = ThreeClassTraining.Run(data.Pattern, MulticlassTrainers.Create(name), Window, new LabelSpec(), SyntheticDatasets.Windows);
        var c = result.Test.Classification;
        output.WriteLine($"pattern, {name}: macro F1 {c.MacroF1:F3} (majority {result.Baseline.MacroF1:F3}), accuracy {c.Accuracy:F3}, macro AUC {result.Test.MacroRocAuc.Value:F3}, " +
                         string.Join(", ", c.PerClass.Select(k => $"{ModelMetrics.ThreeClassNames[k.Class]} P {k.Precision:F3} R {k.Recall:F3} F1 {k.F1:F3} n {k.Support}")));

        Assert.True(c.MacroF1 > result.Baseline.MacroF1 + 0.1, $"{name} macro F1 {c.MacroF1:F3} vs majority {result.Baseline.MacroF1:F3}");
        Assert.Equal(3, result.Version.Metrics.Classes!.Count);
        Assert.Equal(c.MacroF1, result.Version.Metrics.F1, 12);
        Assert.Equal(result.Baseline.MacroF1, result.Version.Metrics.BaselineF1, 12);
    }

    [Theory]
    [MemberData(nameof(Learners))]
    public void Probabilities_come_in_class_order_whatever_order_the_classes_first_appear_in(string name)
    {
        // The class is the band feature 0 falls in; the first rows are of class 2, then 0, then 1.
        var schema = new Core.Ml.Features.FeatureSchema("bands", 1, ["x", "noise"]);
        var random = new Random(5);
        var rows = new List<float[]>();
        var labels = new List<int>();
        foreach (var first in new[] { 2, 0, 1 })
            rows.Add([first - 1 + 0.1f * (float)random.NextDouble(), (float)random.NextDouble()]);
        labels.AddRange([2, 0, 1]);
        for (var i = 0; i < 600; i++)
        {
            var c = random.Next(3);
            rows.Add([c - 1 + 0.3f * (float)(random.NextDouble() - 0.5), (float)random.NextDouble()]);
            labels.Add(c);
        }
        var model = MulticlassTrainers.Create(name).Fit(new MulticlassTrainingData(schema, rows, labels, 3));
        var p = model.PredictProbabilities([[-1f, 0.5f], [0f, 0.5f], [1f, 0.5f]]);
        Assert.Equal([0, 1, 2], p.Select(r => Array.IndexOf(r, r.Max())));
        Assert.All(p, r => Assert.Equal(1.0, r.Sum(), 6));
    }

    [Fact]
    public void The_majority_trainer_predicts_the_training_majority_for_every_row()
    {
        var result = ThreeClassTraining.Run(data.Pattern, MulticlassTrainers.Create("majority"), Window, new LabelSpec(), SyntheticDatasets.Windows);
        Assert.Equal(result.Baseline.MacroF1, result.Test.Classification.MacroF1, 12);
        Assert.Single(result.Test.Classification.PerClass, k => k.F1 > 0);
        Assert.DoesNotContain(result.Artifacts, a => a.Format == ModelArtifact.MlNet);
    }

    [Fact]
    public async Task A_three_class_version_registers_under_its_own_signal_with_per_class_metrics()
    {
        var result = ThreeClassTraining.Run(data.Pattern, MulticlassTrainers.Create("lr"), Window, new LabelSpec(), SyntheticDatasets.Windows);
        Assert.Null(result.Version.Problem());
        var registry = new InMemoryModelRegistry();
        var service = new ModelRegistryService(registry, new InMemoryAuditLog(), new PromotionOptions(), TimeProvider.System);
        var stored = await service.RegisterAsync(result.Version, result.Artifacts, "test");

        Assert.Equal(("3c5d-1pct", 1), (stored.Signal, stored.Version));
        Assert.Equal(["down", "flat", "up"], stored.Metrics.Classes!.Select(k => k.Class));
        Assert.Equal(result.Test.Classification.PerClass.Select(k => k.Support), stored.Metrics.Classes!.Select(k => k.Support));
        Assert.Null(stored.Metrics.Threshold);
    }

    [Fact]
    public void Balanced_weights_give_every_class_the_same_total_weight()
    {
        int[] labels = [0, 1, 1, 2, 2, 2, 2, 2];
        var w = MulticlassTrainingData.BalancedWeights(labels, 3);
        var totals = Enumerable.Range(0, 3).Select(k => labels.Select((l, i) => l == k ? w[i] : 0f).Sum()).ToList();
        Assert.All(totals, t => Assert.Equal(8 / 3.0, t, 4));
    }
}
