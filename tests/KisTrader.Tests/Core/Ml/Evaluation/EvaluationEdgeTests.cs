using KisTrader.Core.Ml.Evaluation;

namespace KisTrader.Tests.Core.Ml.Evaluation;

/// <summary>The conventions the goldens do not cover: hand-checkable cases, bad input, and the validation-only threshold.</summary>
public sealed class EvaluationEdgeTests
{
    [Fact]
    public void Auc_CountsTiedScoresAsHalf()
    {
        // One positive and one negative with the same score: a coin toss.
        Assert.Equal(0.5, RocAuc.Binary([1, 0], [0.7, 0.7]).Value);
        Assert.Equal(1.0, RocAuc.Binary([0, 1, 0, 1], [0.1, 0.8, 0.3, 0.9]).Value);
        Assert.Equal(0.0, RocAuc.Binary([1, 0], [0.1, 0.9]).Value);
    }

    [Fact]
    public void OneVsRestAuc_WithAnAbsentClass_IsUndefined_NamingTheClass()
    {
        var (macro, perClass) = RocAuc.OneVsRest([0, 1, 0, 1], [[0.6, 0.3, 0.1], [0.2, 0.7, 0.1], [0.5, 0.4, 0.1], [0.3, 0.6, 0.1]], 3);

        Assert.True(perClass[0].IsDefined);
        Assert.False(perClass[2].IsDefined);
        Assert.False(macro.IsDefined);
        Assert.StartsWith("class 2: only one class", macro.UndefinedReason);
        Assert.Contains("undefined", macro.ToString());
    }

    [Fact]
    public void ClassAbsentFromLabels_HasRecallZero_Flagged()
    {
        var m = ClassificationMetrics.Compute([0, 0, 0], [0, 1, 0], 2);

        Assert.True(m.Positive.RecallUndefined);
        Assert.False(m.Positive.PrecisionUndefined);
        Assert.Equal((0.0, 0.0, 0.0, 0), (m.Positive.Precision, m.Positive.Recall, m.Positive.F1, m.Positive.Support));
        Assert.Equal(2.0 / 3, m.Accuracy, 12);
    }

    [Fact]
    public void BadInput_IsRefused_WithTheIndexNamed()
    {
        Assert.Contains("labels[1] is 2", Assert.Throws<ArgumentException>(() => RocAuc.Binary([0, 2], [0.1, 0.2])).Message);
        Assert.Contains("probabilities[0] is NaN", Assert.Throws<ArgumentException>(() => RocAuc.Binary([0, 1], [double.NaN, 0.2])).Message);
        Assert.Contains("1 probabilities for 2 labels", Assert.Throws<ArgumentException>(() => PrecisionRecallCurve.Compute([0, 1], [0.5])).Message);
        Assert.Contains("row 0 must have 3", Assert.Throws<ArgumentException>(() => MulticlassEvaluation.Evaluate([0], [[0.5, 0.5]])).Message);
        Assert.Throws<ArgumentOutOfRangeException>(() => ThresholdObjective.FBeta(0));
    }

    [Fact]
    public void Calibration_PutsAnEdgeProbabilityInTheLowerBin_AndReportsEmptyBinsWithoutRates()
    {
        var c = CalibrationReport.Binary([0, 1, 1, 0], [0.0, 0.5, 1.0, 0.25], bins: 4);

        Assert.Equal([2, 1, 0, 1], c.Bins.Select(b => b.Count));          // 0 and 0.25 → (0, 0.25]; 0.5 → (0.25, 0.5]
        Assert.Null(c.Bins[2].ObservedRate);
        Assert.Equal(0.0, c.Bins[0].ObservedRate);
        Assert.Equal((0.0 + 0.25 + 0.0 + 0.0625) / 4, c.Brier, 12);
    }

    [Fact]
    public void Threshold_IgnoresTheTestLabels()
    {
        int[] validation = [0, 0, 1, 1, 0, 1];
        double[] validationP = [0.1, 0.4, 0.35, 0.8, 0.2, 0.9];
        double[] testP = [0.3, 0.6, 0.7, 0.2];

        var (a, testA) = BinaryEvaluation.OutOfSample(validation, validationP, [0, 1, 1, 0], testP, ThresholdObjective.F1);
        var (b, testB) = BinaryEvaluation.OutOfSample(validation, validationP, [1, 0, 0, 1], testP, ThresholdObjective.F1);

        Assert.Equal(a, b);
        Assert.Equal(0.35, a.Threshold);                 // 0.35 catches all three positives with one false positive
        Assert.Equal(1.0, testA!.Classification.Positive.F1);
        Assert.Equal(0.0, testB!.Classification.Positive.F1);
    }

    [Fact]
    public void Threshold_TiesGoToTheHighestThreshold()
    {
        // At 0.8 (TP 1, FP 0, FN 1) and at 0.3 (TP 2, FP 2, FN 0) F1 is 2/3 both times.
        var choice = DecisionThreshold.Choose([1, 0, 0, 1], [0.8, 0.6, 0.5, 0.3], ThresholdObjective.F1);
        Assert.Equal(0.8, choice.Threshold);
        Assert.Equal(2.0 / 3, choice.ValidationScore!.Value, 12);
    }

    [Fact]
    public void Threshold_PrecisionAtRecall_KeepsOnlyThresholdsReachingTheRecall()
    {
        var choice = DecisionThreshold.Choose([1, 0, 1, 0, 1], [0.9, 0.8, 0.7, 0.6, 0.2], ThresholdObjective.PrecisionAtRecall(0.6));
        Assert.Equal(0.7, choice.Threshold);   // recall 2/3, precision 2/3; 0.9 has precision 1 but recall 1/3
        Assert.Equal(2.0 / 3, choice.ValidationScore!.Value, 12);
    }

    [Fact]
    public void Threshold_WithNoValidationPositive_IsUndefined_AndNoTestEvaluationIsMade()
    {
        var (choice, test) = BinaryEvaluation.OutOfSample([0, 0, 0], [0.2, 0.3, 0.9], [0, 1], [0.1, 0.8], ThresholdObjective.F1);
        Assert.Null(choice.Threshold);
        Assert.Null(test);
        Assert.Contains("no positive label in 3 validation rows", choice.UndefinedReason);
    }
}

public sealed class MajorityBaselineTests
{
    [Fact]
    public void PredictsTheTrainingMajority_ForEveryTestRow()
    {
        // Training mostly negative: the baseline never calls positive, so its positive-class F1 is 0.
        var binary = MajorityBaseline.Evaluate([0, 0, 1, 0], [1, 0, 1, 1], 2);
        Assert.Equal(0.0, MajorityBaseline.HeadlineF1(binary));
        Assert.Equal(0.25, binary.Accuracy);

        // Training mostly "up" (2): every test row is called up; macro F1 = (0 + 0 + F1 of up) / 3.
        var three = MajorityBaseline.Evaluate([2, 2, 1, 0, 2], [2, 0, 2, 1], 3);
        Assert.Equal(new[] { 0, 0, 4 }, Enumerable.Range(0, 3).Select(three.Confusion.Predicted));
        Assert.Equal((2 * 0.5 * 1.0 / 1.5) / 3, MajorityBaseline.HeadlineF1(three), 12);
    }

    [Fact]
    public void ModelMetrics_TakeTheHeadlineFromTheEvaluation()
    {
        var test = BinaryEvaluation.Evaluate([0, 1, 1, 0], [0.2, 0.7, 0.4, 0.6], threshold: 0.5);
        var m = KisTrader.Core.Ml.Registry.ModelMetrics.From(test, baselineF1: 0.1);

        Assert.Equal((0.5, 0.5, 0.5, 0.5, 4), (m.F1, m.Precision, m.Recall, m.Threshold!.Value, m.TestRows));
        Assert.Equal(0.75, m.RocAuc);
        Assert.Equal(test.Calibration.Brier, m.Brier);
        Assert.Equal(0.1, m.BaselineF1);
    }
}
