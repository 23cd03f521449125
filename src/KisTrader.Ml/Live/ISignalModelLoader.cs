using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;

namespace KisTrader.Ml.Live;

/// <summary>Turns a registered version's stored artifact into a model that scores rows. The scorer only sees
/// <see cref="IProbabilityModel"/>, so the ML.NET zip and an ONNX export are interchangeable here (whichever the
/// inference benchmark shows faster).</summary>
public interface ISignalModelLoader
{
    /// <exception cref="InvalidDataException">The version has no artifact of this loader's format, or it cannot be read.</exception>
    Task<IProbabilityModel> LoadAsync(IModelRegistry registry, ModelVersion version, CancellationToken ct = default);
}

/// <summary>Loads the ML.NET zip (<see cref="ModelArtifact.MlNet"/>) with <see cref="MlNetModel.Load"/>.</summary>
public sealed class MlNetSignalModelLoader : ISignalModelLoader
{
    public async Task<IProbabilityModel> LoadAsync(IModelRegistry registry, ModelVersion version, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(registry);
        ArgumentNullException.ThrowIfNull(version);
        var bytes = await registry.GetArtifactAsync(version.Signal, version.Version, ModelArtifact.MlNet, ct).ConfigureAwait(false)
            ?? throw new InvalidDataException($"{version.Label} has no {ModelArtifact.MlNet} artifact.");
        using var stream = new MemoryStream(bytes, writable: false);
        return MlNetModel.Load(stream, version.Label, version.Features.Count);
    }
}
