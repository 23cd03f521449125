using System.Text.Json;
using KisTrader.Core.Ml.Evaluation;
using Xunit.Abstractions;

namespace KisTrader.Tests.Core.Ml.Evaluation;

/// <summary>Our metrics against scikit-learn's answers for the same rows (Golden/README.md).</summary>
public sealed class EvaluationGoldenTests(ITestOutputHelper output)
{
    private const double Tol = 1e-12;

    public static TheoryData<string> BinaryCases => ["skilled_ties", "weak_fine", "never_predicted"];

    [Fact]
    public void Goldens_NameTheLibraryThatWroteThem()
    {
        Assert.Equal("1.2.1", EvaluationGoldens.Doc.GetProperty("sklearn").GetString());
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void BinaryClassification_MatchesSklearn_PerClassMacroAndConfusion(string name)
    {
        var g = EvaluationGoldens.Case("binary", name);
        var e = BinaryEvaluation.Evaluate(g.Ints("labels"), g.Doubles("probabilities"), g.Double("threshold"));
        AssertClassification(g.GetProperty("classification"), e.Classification);
        output.WriteLine($"{name}: F1 {string.Join(", ", e.Classification.PerClass.Select(c => c.F1.ToString("0.####")))}, macro {e.Classification.MacroF1:0.####}");
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void RocAucAveragePrecisionAndPrCurve_MatchSklearn(string name)
    {
        var g = EvaluationGoldens.Case("binary", name);
        var e = BinaryEvaluation.Evaluate(g.Ints("labels"), g.Doubles("probabilities"), g.Double("threshold"));

        Assert.Equal(g.Double("roc_auc"), e.RocAuc.Value!.Value, Tol);
        Assert.Equal(g.Double("average_precision"), e.PrCurve.AveragePrecision.Value!.Value, Tol);
        var thresholds = g.Doubles("pr_thresholds");
        var precision = g.Doubles("pr_precision");
        var recall = g.Doubles("pr_recall");
        Assert.Equal(thresholds.Length, e.PrCurve.Points.Count);
        Assert.Equal(thresholds.Length + 1, precision.Length); // sklearn's closing (1, 0) point, which we do not list
        for (var i = 0; i < thresholds.Length; i++)
        {
            Assert.Equal(thresholds[i], e.PrCurve.Points[i].Threshold);
            Assert.Equal(precision[i], e.PrCurve.Points[i].Precision, Tol);
            Assert.Equal(recall[i], e.PrCurve.Points[i].Recall, Tol);
        }
    }

    [Theory]
    [MemberData(nameof(BinaryCases))]
    public void CalibrationBinsAndBrier_MatchSklearn(string name)
    {
        var g = EvaluationGoldens.Case("binary", name);
        var bins = g.GetProperty("bins").GetInt32();
        var c = CalibrationReport.Binary(g.Ints("labels"), g.Doubles("probabilities"), bins);

        Assert.Equal(bins, c.Bins.Count);
        var nonEmpty = c.Bins.Where(b => b.Count > 0).ToList();
        Assert.Equal(g.Doubles("calibration_observed"), nonEmpty.Select(b => b.ObservedRate!.Value), new Near(Tol));
        Assert.Equal(g.Doubles("calibration_mean_predicted"), nonEmpty.Select(b => b.MeanPredicted!.Value), new Near(Tol));
        Assert.Equal(g.Ints("labels").Length, c.Bins.Sum(b => b.Count));
        Assert.Equal(g.Double("brier"), c.Brier, Tol);
    }

    [Fact]
    public void ClassNeverPredicted_HasPrecisionZero_Flagged_AsSklearnZeroDivision()
    {
        var g = EvaluationGoldens.Case("binary", "never_predicted");
        var e = BinaryEvaluation.Evaluate(g.Ints("labels"), g.Doubles("probabilities"), g.Double("threshold"));

        var positive = e.Classification.Positive;
        Assert.True(positive.PrecisionUndefined);
        Assert.False(positive.RecallUndefined);
        Assert.Equal((0.0, 0.0, 0.0), (positive.Precision, positive.Recall, positive.F1));
        Assert.Equal(0, e.Classification.Confusion.Predicted(1));
        // The macro average counts the class as 0, as sklearn does.
        Assert.Equal(g.GetProperty("classification").Double("macro_f1"), e.Classification.MacroF1, Tol);
    }

    [Theory]
    [InlineData("f1")]
    [InlineData("f_half")]
    public void Threshold_ChosenOnValidation_ThenAppliedToTest_MatchesSklearn(string name)
    {
        var g = EvaluationGoldens.Case("thresholds", name);
        var beta = g.Double("beta");
        var objective = beta == 1.0 ? ThresholdObjective.F1 : ThresholdObjective.FBeta(beta);

        var (choice, test) = BinaryEvaluation.OutOfSample(g.Ints("validation_labels"), g.Doubles("validation_probabilities"),
            g.Ints("test_labels"), g.Doubles("test_probabilities"), objective);

        Assert.Equal(g.Double("threshold"), choice.Threshold);
        Assert.Equal(g.Double("validation_score"), choice.ValidationScore!.Value, Tol);
        Assert.NotNull(test);
        Assert.Equal(g.Double("test_precision"), test.Classification.Positive.Precision, Tol);
        Assert.Equal(g.Double("test_recall"), test.Classification.Positive.Recall, Tol);
        Assert.Equal(g.Double("test_fscore"), objective.Score(test.Classification.Confusion)!.Value, Tol);
        output.WriteLine($"{objective}: threshold {choice.Threshold} (validation {choice.ValidationScore:0.####}), test {objective.Score(test.Classification.Confusion):0.####}");
    }

    [Fact]
    public void ThreeClass_MatchesSklearn_MetricsOneVsRestAucAndBrier()
    {
        var g = EvaluationGoldens.Case("multiclass", "three_class");
        var e = MulticlassEvaluation.Evaluate(g.Ints("labels"), g.Rows("probabilities"));

        AssertClassification(g.GetProperty("classification"), e.Classification);
        Assert.Equal(g.Double("roc_auc_ovr_macro"), e.MacroRocAuc.Value!.Value, Tol);
        Assert.Equal(g.Doubles("roc_auc_per_class"), e.RocAucPerClass.Select(v => v.Value!.Value), new Near(Tol));
        Assert.Equal(g.Double("brier"), e.Brier, Tol);
    }

    [Fact]
    public void SingleClassLabels_AucIsUndefinedWithAReason_WhereSklearnRaises()
    {
        var g = EvaluationGoldens.Doc.GetProperty("single_class");
        Assert.Contains("not defined", g.GetProperty("roc_auc_error").GetString());

        var auc = RocAuc.Binary(g.Ints("labels"), g.Doubles("probabilities"));

        Assert.False(auc.IsDefined);
        Assert.Null(auc.Value);
        Assert.Contains("only one class", auc.UndefinedReason);
        var curve = PrecisionRecallCurve.Compute(g.Ints("labels"), g.Doubles("probabilities"));
        Assert.Empty(curve.Points);
        Assert.False(curve.AveragePrecision.IsDefined);
    }

    private static void AssertClassification(JsonElement expected, ClassificationMetrics actual)
    {
        Assert.Equal(expected.Doubles("precision"), actual.PerClass.Select(c => c.Precision), new Near(Tol));
        Assert.Equal(expected.Doubles("recall"), actual.PerClass.Select(c => c.Recall), new Near(Tol));
        Assert.Equal(expected.Doubles("f1"), actual.PerClass.Select(c => c.F1), new Near(Tol));
        Assert.Equal(expected.Ints("support"), actual.PerClass.Select(c => c.Support));
        Assert.Equal(expected.Double("macro_precision"), actual.MacroPrecision, Tol);
        Assert.Equal(expected.Double("macro_recall"), actual.MacroRecall, Tol);
        Assert.Equal(expected.Double("macro_f1"), actual.MacroF1, Tol);
        Assert.Equal(expected.Double("accuracy"), actual.Accuracy, Tol);
        var confusion = expected.GetProperty("confusion").EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetInt32()).ToArray()).ToArray();
        Assert.Equal(confusion.Length, actual.Confusion.Classes);
        for (var i = 0; i < confusion.Length; i++) Assert.Equal(confusion[i], actual.Confusion.Counts[i]);
    }

    private sealed class Near(double tolerance) : IEqualityComparer<double>
    {
        public bool Equals(double x, double y) => Math.Abs(x - y) <= tolerance;
        public int GetHashCode(double obj) => 0;
    }
}
