using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Ml.Live;

namespace KisTrader.Ml;

/// <summary>Which stored form live scoring runs from.</summary>
public enum ScoringModelKind
{
    /// <summary>The ONNX export, scored by ONNX Runtime (<see cref="OnnxProbabilityModel"/>).</summary>
    Onnx,
    /// <summary>ML.NET's own zip, scored row by row (<see cref="MlNetRowModel"/>).</summary>
    MlNet,
}

/// <summary>
/// The one place a registered version becomes a model to score with: the artifact of the preferred kind
/// (<see cref="Default"/>: the one the ml-inference benchmark measured faster for a run of 40 instruments), or the other
/// kind's when the version has only that one (versions registered before the ONNX export have only ML.NET's zip).
/// The model takes rows preprocessed as the version's <c>preprocessing</c> artifact says.
/// </summary>
public sealed class ScoringModelLoader(ScoringModelKind preferred = ScoringModelLoader.Default) : ISignalModelLoader
{
    /// <summary>The kind docs/benchmarks.md's ml-inference section measured faster for a run of 40 instruments scored as
    /// the live graph scores (right after computing the features): ML.NET row by row, 7× faster for lr and level for
    /// the trees (docs/decisions.md). ONNX Runtime was faster only for trees called many times in a row.</summary>
    public const ScoringModelKind Default = ScoringModelKind.MlNet;

    public ScoringModelKind Preferred { get; } = preferred;

    /// <summary>The version's model, from <paramref name="artifact"/> (its bytes by format, null when the version has
    /// none of that format). Throws <see cref="InvalidDataException"/> when the version has no model artifact or a
    /// stored one does not fit the version's features.</summary>
    public IProbabilityModel Load(ModelVersion version, Func<string, byte[]?> artifact)
    {
        ArgumentNullException.ThrowIfNull(version);
        ArgumentNullException.ThrowIfNull(artifact);
        var width = version.Features.Count;
        var order = Preferred == ScoringModelKind.Onnx
            ? new[] { ScoringModelKind.Onnx, ScoringModelKind.MlNet }
            : [ScoringModelKind.MlNet, ScoringModelKind.Onnx];
        foreach (var kind in order)
        {
            var format = kind == ScoringModelKind.Onnx ? ModelArtifact.Onnx : ModelArtifact.MlNet;
            if (artifact(format) is not { } bytes) continue;
            if (kind == ScoringModelKind.Onnx) return OnnxProbabilityModel.Load(bytes, version.Trainer, width);
            using var stream = new MemoryStream(bytes, writable: false);
            return new MlNetRowModel(MlNetModel.Load(stream, version.Trainer, width));
        }
        throw new InvalidDataException($"{version.Label} ({version.Trainer}) has no stored model to score with (neither {ModelArtifact.Onnx} nor {ModelArtifact.MlNet}).");
    }

    /// <summary>The live scorer's entry: reads the version's model artifacts from the registry (both kinds, once per
    /// model change) and loads as <see cref="Load"/> does.</summary>
    public async Task<IProbabilityModel> LoadAsync(IModelRegistry registry, ModelVersion version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(version);
        var stored = new Dictionary<string, byte[]?>(StringComparer.Ordinal);
        foreach (var format in new[] { ModelArtifact.MlNet, ModelArtifact.Onnx })
            stored[format] = await registry.GetArtifactAsync(version.Signal, version.Version, format, ct).ConfigureAwait(false);
        return Load(version, format => stored.GetValueOrDefault(format));
    }
}
