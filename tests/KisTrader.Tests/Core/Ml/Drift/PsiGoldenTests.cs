using System.Text.Json;
using KisTrader.Core.Ml.Drift;

namespace KisTrader.Tests.Core.Ml.Drift;

/// <summary>The decile bins and the population stability index against Golden/psi_goldens.json, written by
/// Golden/generate.py with Python's standard library (see Golden/README.md), and one example worked by hand.</summary>
public sealed class PsiGoldenTests
{
    private static readonly JsonElement[] Cases = [.. JsonDocument.Parse(File.ReadAllText(
        Path.Combine(AppContext.BaseDirectory, "Core", "Ml", "Drift", "Golden", "psi_goldens.json"))).RootElement.GetProperty("cases").EnumerateArray()];

    public static TheoryData<string> Names => [.. Cases.Select(c => c.GetProperty("name").GetString()!)];

    private static double[] Values(JsonElement c, string property) =>
        [.. c.GetProperty(property).EnumerateArray().Select(x => x.ValueKind == JsonValueKind.Null ? double.NaN : x.GetDouble())];

    [Theory]
    [MemberData(nameof(Names))]
    public void BinsAndPsi_MatchPython(string name)
    {
        var c = Cases.Single(x => x.GetProperty("name").GetString() == name);

        var bins = FeatureBins.Fit("x", Values(c, "training"));
        var recent = Values(c, "recent");

        Assert.Equal(Values(c, "edges"), bins.Edges, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(Values(c, "expected"), bins.Shares, (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(Values(c, "actual"), bins.SharesOf(recent), (a, b) => Math.Abs(a - b) < 1e-12);
        Assert.Equal(c.GetProperty("psi").GetDouble(), bins.Psi(recent), 1e-10);
    }

    [Fact]
    public void Psi_OfTwoBinsWorkedByHand()
    {
        // Shares 0.5/0.5 then 0.25/0.75: (0.25 − 0.5)·ln(0.25/0.5) + (0.75 − 0.5)·ln(0.75/0.5)
        // = 0.25·ln 2 + 0.25·ln 1.5 = 0.25 · 1.0986123 = 0.2746531.
        Assert.Equal(0.2746531, PopulationStability.Index([0.5, 0.5], [0.25, 0.75]), 1e-7);
        Assert.Equal("drift", PopulationStability.Level(0.2746531));
        Assert.Equal("moderate", PopulationStability.Level(0.1));
        Assert.Equal("stable", PopulationStability.Level(0.0999));
    }

    [Fact]
    public void AnEmptyBin_CountsAtTheFloor_NotAsInfinity()
    {
        // 0.5 against an empty bin: (0.0001 − 0.5)·ln(0.0001/0.5) + (1 − 0.5)·ln(1/0.5) = 0.4999·8.5171932 + 0.5·0.6931472.
        Assert.Equal(0.4999 * 8.5171932 + 0.5 * 0.6931472, PopulationStability.Index([0.5, 0.5], [0, 1]), 1e-6);
    }

    [Fact]
    public void TheBaseline_RoundTripsAsAnArtifact_AndRefusesOneWithoutItsShares()
    {
        var baseline = new DriftBaseline("daily/v1", 3, [FeatureBins.Fit("ret_1d", [0.1, double.NaN, -0.2])]);

        var back = DriftBaseline.FromArtifact(baseline.ToArtifact().Bytes);

        Assert.Equal("drift-bins", baseline.ToArtifact().Format);
        Assert.Equal(baseline.Features[0].Edges, back.Features[0].Edges);
        Assert.Equal(baseline.Features[0].Shares, back.Features[0].Shares);
        Assert.Throws<InvalidDataException>(() => DriftBaseline.FromArtifact("""{"featureSetVersion":"daily/v1","rows":1,"features":[{"feature":"x","edges":[1],"shares":[1]}]}"""u8.ToArray()));
        Assert.Throws<InvalidDataException>(() => DriftBaseline.FromArtifact("not json"u8.ToArray()));
    }
}
