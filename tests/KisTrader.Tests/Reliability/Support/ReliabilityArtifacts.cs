using System.Text.Json;
using KisTrader.Testing;

namespace KisTrader.Tests.Reliability.Support;

/// <summary>Where the reliability tests leave the numbers of their last run (<c>artifacts/reliability/</c>, not committed):
/// docs/reliability.md quotes them.</summary>
internal static class ReliabilityArtifacts
{
    public static readonly JsonSerializerOptions Indented = new(JsonSerializerDefaults.Web) { WriteIndented = true };

    public static string PathOf(string fileName)
    {
        var path = Path.Combine(AppProcess.RepoRoot, "artifacts", "reliability", fileName);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>Writes <paramref name="report"/> as <paramref name="fileName"/> (replacing the last run's) and returns the JSON.</summary>
    public static string Write(string fileName, object report)
    {
        var json = JsonSerializer.Serialize(report, Indented);
        File.WriteAllText(PathOf(fileName), json + "\n");
        return json;
    }
}
