using System.Text.Json;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Preprocessing;

namespace KisTrader.Ml.Live;

/// <summary>Reads back the <see cref="SignalTraining.PreprocessingFormat"/> artifact <see cref="SignalTraining"/> stores with
/// each model: the final model's medians, clip bounds, means and scales, applied to live rows exactly as to its
/// training rows.</summary>
public static class PreprocessingArtifact
{
    private sealed record Stored(double ClipQuantile, int TrainingRows, float[]? Medians, float[]? LowerBounds, float[]? UpperBounds,
        float[]? Means, float[]? Scales);

    /// <exception cref="InvalidDataException">The bytes are not a stored preprocessing for <paramref name="schema"/>.</exception>
    public static Preprocessor Read(byte[] bytes, FeatureSchema schema)
    {
        ArgumentNullException.ThrowIfNull(bytes);
        ArgumentNullException.ThrowIfNull(schema);
        try
        {
            var s = JsonSerializer.Deserialize<Stored>(bytes) ?? throw new InvalidDataException("The stored preprocessing is empty.");
            return Preprocessor.Restore(schema, s.ClipQuantile, s.TrainingRows, s.Medians ?? [], s.LowerBounds ?? [], s.UpperBounds ?? [],
                s.Means ?? [], s.Scales ?? []);
        }
        catch (Exception ex) when (ex is JsonException or ArgumentException)
        {
            throw new InvalidDataException($"The stored preprocessing cannot be read: {ex.Message}", ex);
        }
    }
}
