using KisTrader.Core.Ml.Evaluation;

namespace KisTrader.Tests.Core.Ml.Evaluation;

public sealed class PermutationImportanceTests
{
    // Label = feature 0 above 0; feature 1 is noise, feature 2 a weak copy of the label.
    private static (double[][] Rows, int[] Labels) Data(int n = 400, int seed = 7)
    {
        var random = new Random(seed);
        var rows = new double[n][];
        var labels = new int[n];
        for (var i = 0; i < n; i++)
        {
            var x0 = random.NextDouble() * 2 - 1;
            labels[i] = x0 > 0 ? 1 : 0;
            rows[i] = [x0, random.NextDouble(), labels[i] + (random.NextDouble() - 0.5) * 3];
        }
        return (rows, labels);
    }

    /// <summary>A "model" that predicts from feature 0 only, scored by F1 against the labels.</summary>
    private static Func<IReadOnlyList<double[]>, double> F1Of(int[] labels) => rows =>
        ClassificationMetrics.Compute(labels, [.. rows.Select(r => r[0] > 0 ? 1 : 0)], 2).Positive.F1;

    [Fact]
    public void TheFeatureTheModelUses_MattersAndTheOthersDoNot()
    {
        var (rows, labels) = Data();
        var result = PermutationImportance.Compute(rows, F1Of(labels), repeats: 5, seed: 42, ["signal", "noise", "echo"]);

        Assert.Equal(1.0, result.BaselineScore);
        Assert.Equal(["signal", "noise", "echo"], result.Features.Select(f => f.Name));
        Assert.InRange(result.Features[0].Mean, 0.3, 0.7);           // shuffled, the rule is right about half the time
        Assert.All(result.Features[0].Drops, d => Assert.True(d > 0.2));
        Assert.Equal((0.0, 0.0), (result.Features[1].Mean, result.Features[1].StdDev));   // unused by the model: exactly 0
        Assert.Equal((0.0, 0.0), (result.Features[2].Mean, result.Features[2].StdDev));
        Assert.Equal(5, result.Features[0].Drops.Count);
    }

    [Fact]
    public void SameSeed_SameResult_OtherSeed_OtherShuffles_AndTheRowsAreUntouched()
    {
        var (rows, labels) = Data();
        var copy = rows.Select(r => (double[])r.Clone()).ToArray();

        var a = PermutationImportance.Compute(rows, F1Of(labels), 4, seed: 1);
        var b = PermutationImportance.Compute(rows, F1Of(labels), 4, seed: 1);
        var c = PermutationImportance.Compute(rows, F1Of(labels), 4, seed: 2);

        Assert.Equal(a.Features[0].Drops, b.Features[0].Drops);
        Assert.NotEqual(a.Features[0].Drops, c.Features[0].Drops);
        Assert.Equal(copy, rows);
    }

    [Fact]
    public void RaggedRowsOrWrongNames_AreRefused()
    {
        Assert.Throws<ArgumentException>(() => PermutationImportance.Compute([[1.0, 2.0], [1.0]], _ => 0, 1, 0));
        Assert.Throws<ArgumentException>(() => PermutationImportance.Compute([[1.0, 2.0]], _ => 0, 1, 0, ["one"]));
        Assert.Throws<ArgumentOutOfRangeException>(() => PermutationImportance.Compute([[1.0]], _ => 0, 0, 0));
    }
}
