using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Preprocessing;

namespace KisTrader.Ml.Tests;

public sealed class PreprocessingTests
{
    private static readonly FeatureSchema Two = new("test", 1, ["a", "b"]);

    [Fact]
    public void Normalisation_and_clip_bounds_are_learned_on_the_training_rows_only()
    {
        var training = Enumerable.Range(0, 101).Select(i => new[] { (float)i, 5f }).ToList();
        var fitted = Preprocessor.Fit(Two, training, clipQuantile: 0.05);
        Assert.Equal(5f, fitted.LowerBounds[0]);
        Assert.Equal(95f, fitted.UpperBounds[0]);
        Assert.Equal(50f, fitted.Medians[0]);
        Assert.Equal(50f, fitted.Means[0], 3);

        // A later window full of extremes changes nothing learned, and its outliers are cut at the training bounds.
        var (rows, counts) = fitted.Transform([[1_000_000f, 5f], [-1_000f, 7f], [50f, 5f]]);
        var top = (95f - fitted.Means[0]) / fitted.Scales[0];
        Assert.Equal(top, rows[0][0]);
        Assert.Equal(-top, rows[1][0], 4);
        Assert.Equal(0f, rows[2][0], 4);
        Assert.Equal(2, counts.Clipped[0]);
        // A column constant in training carries no information: 0 whatever later rows hold.
        Assert.Equal(0f, rows[1][1]);
        Assert.Equal(5f, fitted.Means[1]);
    }

    [Fact]
    public void Missing_values_are_filled_with_the_training_median_and_counted()
    {
        var training = new List<float[]> { new[] { 1f, float.NaN }, new[] { 3f, float.NaN }, new[] { float.NaN, float.NaN }, new[] { 2f, float.NaN } };
        var fitted = Preprocessor.Fit(Two, training, clipQuantile: 0);
        Assert.Equal([1, 4], fitted.MissingInTraining);
        Assert.Equal(["b"], fitted.EmptyColumns);
        var (rows, counts) = fitted.Transform([[float.NaN, float.NaN], [3f, 1f]]);
        Assert.Equal(0f, rows[0][0], 5); // the median (2) is the mean here: z = 0
        Assert.Equal(0f, rows[0][1]);
        Assert.Equal([1, 1], counts.Imputed);
        Assert.Equal(2, counts.TotalImputed);
        Assert.All(rows.SelectMany(r => r), v => Assert.True(float.IsFinite(v)));
    }

    [Fact]
    public void Class_weights_make_both_classes_weigh_the_same()
    {
        var labels = Enumerable.Range(0, 100).Select(i => i < 20).ToList();
        var balance = ClassBalance.Of(labels);
        Assert.True(balance.IsImbalanced);
        Assert.Equal(0.2, balance.PositiveShare);
        var weights = balance.Weights(labels);
        Assert.Equal(weights.Where((_, i) => labels[i]).Sum(), weights.Where((_, i) => !labels[i]).Sum(), 3);
        Assert.Equal(2.5f, balance.PositiveWeight);
        Assert.Equal(0.625f, balance.NegativeWeight);
        Assert.Contains("imbalanced", balance.ToString());
        Assert.Equal(0.2f, balance.PriorThreshold);
    }

    [Fact]
    public void Walk_forward_folds_purge_every_training_label_that_reaches_the_next_window_and_keep_the_embargo()
    {
        var dataset = Dataset(sessions: 400, tickers: 2, horizon: 5);
        var options = new WalkForwardOptions { Folds = 3, TestSessions = 40, ValidationSessions = 20, MinTrainSessions = 200, EmbargoSessions = 3 };
        var folds = WalkForwardSplitter.Split(dataset, options);
        Assert.Equal(3, folds.Count);
        var sessions = dataset.Sessions;
        int At(DateOnly d) => sessions.ToList().IndexOf(d);
        foreach (var fold in folds)
        {
            var trainDates = fold.Train.Select(r => dataset.Rows[r]).ToList();
            var validation = fold.Validation.Select(r => dataset.Rows[r]).ToList();
            var test = fold.Test.Select(r => dataset.Rows[r]).ToList();
            Assert.NotEmpty(trainDates);
            Assert.NotEmpty(validation);
            Assert.Equal(40 * 2, test.Count);
            Assert.All(trainDates, r => Assert.True(r.Label.ExitDate < fold.ValidationFrom!.Value, $"{r.Date} label ends {r.Label.ExitDate}"));
            Assert.All(validation, r => Assert.True(r.Label.ExitDate < fold.TestFrom));
            // The embargo: at least 3 sessions between the windows' sessions.
            Assert.True(At(fold.ValidationFrom!.Value) - At(fold.TrainTo) > 3);
            Assert.True(At(fold.TestFrom) - At(fold.ValidationTo!.Value) > 3);
            // Purged: before each of the two windows (starting at session W), the sessions W − 5 and W − 4 of both tickers,
            // whose 5-session labels end at W or later; the embargo already dropped W − 3 … W − 1.
            Assert.Equal(2 * 2 * 2, fold.Purged);
        }
        Assert.Equal(sessions[^1], folds[^1].TestTo);
        Assert.True(folds[0].TestTo < folds[1].TestFrom);
    }

    [Fact]
    public void A_walk_forward_run_learns_its_preprocessing_from_each_folds_training_rows_alone()
    {
        var dataset = Dataset(sessions: 400, tickers: 2, horizon: 5);
        // Every later session is far outside anything seen in training: only the training rows may set the bounds.
        var windows = new WalkForwardOptions { Folds = 2, TestSessions = 50, MinTrainSessions = 200, EmbargoSessions = 2 };
        var result = KisTrader.Core.Ml.Training.WalkForwardRunner.Run(dataset, new KisTrader.Core.Ml.Training.MajorityClassTrainer(), windows,
            new KisTrader.Core.Ml.Training.WalkForwardRunOptions { LeakageLimit = null });
        foreach (var fold in result.Folds)
        {
            Assert.Equal(fold.Fold.Train.Count, fold.Preprocessing.TrainingRows);
            var lastTrainingSession = fold.Fold.Train.Max(r => dataset.Rows[r].Features[0]);
            Assert.True(fold.Preprocessing.UpperBounds[0] <= lastTrainingSession);
            Assert.Equal(fold.Fold.Test.Count, fold.TestPreprocessing.Clipped[0]);
            Assert.Equal(fold.TrainingBalance.PositiveShare, fold.TestProbabilities[0], 5);
        }
    }

    [Fact]
    public void Too_few_sessions_for_the_folds_is_a_clear_error()
    {
        var dataset = Dataset(sessions: 120, tickers: 1, horizon: 5);
        var ex = Assert.Throws<ArgumentException>(() => WalkForwardSplitter.Split(dataset, new WalkForwardOptions { Folds = 4, TestSessions = 30 }));
        Assert.Contains("too few", ex.Message);
    }

    /// <summary>Rows with one feature (the session index) and labels whose exit is <paramref name="horizon"/> sessions on.</summary>
    private static MlDataset Dataset(int sessions, int tickers, int horizon)
    {
        var days = SyntheticMarket.TradingDays(sessions + horizon);
        var rows = new List<MlRow>();
        for (var t = 0; t < tickers; t++)
            for (var i = 0; i < sessions; i++)
                rows.Add(new MlRow($"00000{t}", days[i], [i, 0f],
                    new ForwardLabel(0m, days[i + 1], days[i + horizon], i % 3 == 0, i % 3 == 0 ? Direction.Up : Direction.Flat)));
        return new MlDataset(Two, rows);
    }
}
