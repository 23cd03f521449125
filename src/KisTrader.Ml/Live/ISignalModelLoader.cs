using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;

namespace KisTrader.Ml.Live;

/// <summary>Turns a registered version's stored artifact into a model that scores rows. The scorer only sees
/// <see cref="IProbabilityModel"/>, so the ML.NET zip and an ONNX export are interchangeable here (whichever the
/// inference benchmark shows faster: <see cref="ScoringModelLoader"/>).</summary>
public interface ISignalModelLoader
{
    /// <exception cref="InvalidDataException">The version has no artifact of this loader's format, or it cannot be read.</exception>
    Task<IProbabilityModel> LoadAsync(IModelRegistry registry, ModelVersion version, CancellationToken ct = default);
}
