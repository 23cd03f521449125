using System.Text.Json;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Registry;

namespace KisTrader.Core.Ml.Drift;

/// <summary>
/// The training window's distribution of every feature (<see cref="FeatureBins"/>), stored with the model version as the
/// artifact <see cref="Format"/>, so drift is always judged against the data the active model learned from.
/// </summary>
public sealed record DriftBaseline(string FeatureSetVersion, int Rows, IReadOnlyList<FeatureBins> Features)
{
    /// <summary>The registry artifact format.</summary>
    public const string Format = "drift-bins";

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web);

    /// <summary>The bins of every column of the dataset's rows (its whole training window).</summary>
    public static DriftBaseline Fit(MlDataset dataset)
    {
        ArgumentNullException.ThrowIfNull(dataset);
        var columns = dataset.Schema.Columns;
        var bins = new FeatureBins[columns.Count];
        for (var c = 0; c < columns.Count; c++)
        {
            var column = c;
            bins[c] = FeatureBins.Fit(columns[c], dataset.Rows.Select(r => (double)r.Features[column]));
        }
        return new DriftBaseline(dataset.Schema.Id, dataset.Rows.Count, bins);
    }

    public ModelArtifact ToArtifact() => new(Format, JsonSerializer.SerializeToUtf8Bytes(this, Json));

    /// <exception cref="InvalidDataException">The bytes are not a drift baseline.</exception>
    public static DriftBaseline FromArtifact(byte[] bytes)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        DriftBaseline? baseline;
        try
        {
            baseline = JsonSerializer.Deserialize<DriftBaseline>(bytes, Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"The {Format} artifact is not valid JSON: {ex.Message}", ex);
        }
        if (baseline is null || string.IsNullOrWhiteSpace(baseline.FeatureSetVersion) || baseline.Features is null
            || baseline.Features.Any(f => f is null || f.Edges is null || f.Shares is null || f.Shares.Count != f.Edges.Count + 2))
            throw new InvalidDataException($"The {Format} artifact is incomplete: every feature needs its cut points and one share per bin.");
        return baseline;
    }

    /// <summary>Each feature's drift of <paramref name="recent"/> rows (columns in this baseline's order) against the
    /// training window.</summary>
    public IReadOnlyList<FeatureDrift> Compare(IReadOnlyList<float[]> recent)
    {
        ArgumentNullException.ThrowIfNull(recent);
        if (recent.FirstOrDefault(r => r.Length != Features.Count) is { } bad)
            throw new ArgumentException($"A recent row has {bad.Length} features; the baseline ({FeatureSetVersion}) has {Features.Count}.", nameof(recent));
        var drifts = new FeatureDrift[Features.Count];
        for (var c = 0; c < Features.Count; c++)
        {
            var column = c;
            var psi = Features[c].Psi([.. recent.Select(r => (double)r[column])]);
            drifts[c] = new FeatureDrift(Features[c].Feature, psi, PopulationStability.Level(psi));
        }
        return drifts;
    }
}
