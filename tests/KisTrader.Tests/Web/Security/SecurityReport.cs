using KisTrader.Tests.Reliability.Support;
using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Testing;

namespace KisTrader.Tests.Web.Security;

/// <summary>The numbers of the last security test run, merged section by section into
/// artifacts/reliability/security.json under the repository root (ignored by git), so the docs can quote a real run.</summary>
internal static class SecurityReport
{
    private static readonly Lock Gate = new();

    public static string FilePath => ReliabilityArtifacts.PathOf("security.json");

    /// <summary>Writes <paramref name="numbers"/> as section <paramref name="section"/> and returns them as one line for the test output.</summary>
    public static string Record(string section, object numbers)
    {
        var node = JsonSerializer.SerializeToNode(numbers, new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.CamelCase })!;
        lock (Gate)
        {
            JsonObject root;
            try
            {
                root = File.Exists(FilePath) ? JsonNode.Parse(File.ReadAllText(FilePath)) as JsonObject ?? new JsonObject() : new JsonObject();
            }
            catch (JsonException)
            {
                root = new JsonObject();
            }
            root[section] = node;
            root[section]!["recordedAt"] = DateTimeOffset.UtcNow.ToString("O");
            File.WriteAllText(FilePath, root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        }
        return $"security.{section}: {node.ToJsonString()}";
    }
}
