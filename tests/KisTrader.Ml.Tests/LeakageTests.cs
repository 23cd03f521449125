using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Preprocessing;
using KisTrader.Core.Ml.Training;
using Xunit.Abstractions;

namespace KisTrader.Ml.Tests;

[Collection(SyntheticCollection.Name)]
public sealed class LeakageTests(SyntheticDatasets data, ITestOutputHelper output)
{
    /// <summary>The planted leak: the daily features plus the net return of the next five sessions, read from the store
    /// the extractor was given (as a careless feature that reads "the history" instead of its input would).</summary>
    private sealed class LeakyExtractor(FeatureHistory history) : IFeatureExtractor
    {
        private readonly DailyFeatures _honest = new();

        public FeatureSchema Schema { get; } = DailyFeatures.SchemaV1.Extend("daily-leaky", 1, "future_ret_5d");

        public float[] Compute(FeatureInput input)
        {
            var next = history.SessionsAfter(input.Ticker, input.Bars[^1].Date, 5);
            var label = ForwardLabel.From(next, new LabelSpec(), KrxMarket.Kospi, new TradingCosts());
            return [.. _honest.Compute(input), label is null ? float.NaN : (float)label.NetReturn];
        }
    }

    [Fact]
    public void The_pipeline_refuses_to_train_on_a_feature_computed_from_the_future_return_and_names_it()
    {
        var leaky = new DatasetBuilder(new LeakyExtractor(data.PatternHistory)).Build(data.PatternHistory, SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        var ex = Assert.Throws<LookAheadException>(() => WalkForwardRunner.Run(leaky, new LogisticRegressionTrainer(), SyntheticDatasets.Windows));
        output.WriteLine(ex.Message);
        Assert.Contains("future_ret_5d", ex.Message);
        Assert.DoesNotContain("ret_5d alone", ex.Message.Replace("future_ret_5d alone", "", StringComparison.Ordinal));
    }

    [Fact]
    public void With_the_guard_off_the_leak_is_exposed_by_the_report_and_by_impossible_skill()
    {
        var leaky = new DatasetBuilder(new LeakyExtractor(data.PatternHistory)).Build(data.PatternHistory, SyntheticMarket.Start, new DateOnly(2030, 1, 1));
        var result = WalkForwardRunner.Run(leaky, new LogisticRegressionTrainer(), SyntheticDatasets.Windows, new WalkForwardRunOptions { LeakageLimit = null });
        var auc = result.Folds[0].LeakageReport.Single(c => c.Column == "future_ret_5d").Auc;
        var predictions = result.TestPredictions;
        var metrics = TestMetrics.Of([.. predictions.Select(p => p.Row.Label.Positive)], [.. predictions.Select(p => p.Probability)]);
        output.WriteLine($"future_ret_5d alone: AUC {auc:F3} on fold 1's training rows; the model on it: {metrics}");
        Assert.True(auc > 0.99, $"AUC {auc}");
        Assert.True(metrics.Auc > 0.97, metrics.ToString());
    }

    [Fact]
    public void Honest_features_pass_the_guard_with_room_to_spare()
    {
        var fold = WalkForwardSplitter.Split(data.Pattern, SyntheticDatasets.Windows)[^1];
        var rows = fold.Train.Select(r => data.Pattern.Rows[r]).ToList();
        var report = LeakageGuard.Check(data.Pattern.Schema, [.. rows.Select(r => r.Features)], [.. rows.Select(r => r.Label.Positive)]);
        var strongest = report.Where(c => !double.IsNaN(c.Auc)).MaxBy(c => Math.Abs(c.Auc - 0.5));
        output.WriteLine($"strongest honest feature: {strongest.Column} AUC {strongest.Auc:F3}");
        output.WriteLine($"missing per column: {string.Join(", ", data.Pattern.MissingReport().Where(m => m.Missing > 0).Select(m => $"{m.Column} {m.Missing}"))}; unlabelled {data.Pattern.Unlabelled}");
        output.WriteLine($"training balance: {Core.Ml.Preprocessing.ClassBalance.Of(rows.Select(r => r.Label.Positive))}");
        Assert.True(Math.Abs(strongest.Auc - 0.5) < LeakageGuard.DefaultLimit - 0.05, $"{strongest.Column} {strongest.Auc}");
    }
}
