using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace KisTrader.Web.Dashboard;

/// <summary>What a graph step changed: the top-level properties of its output state that differ from its input.
/// The full input and output stay one click away; this is what a person reads first.</summary>
public static class JsonDelta
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public sealed record Change(string Property, string Json);

    public static IReadOnlyList<Change> Changed(string? input, string? output)
    {
        if (Parse(output) is not JsonObject after) return [];
        var before = Parse(input) as JsonObject;
        var changes = new List<Change>();
        foreach (var (name, value) in after)
        {
            var old = before?[name];
            if (!JsonNode.DeepEquals(old, value))
                changes.Add(new Change(name, value?.ToJsonString(Indented) ?? "null"));
        }
        return changes;
    }

    /// <summary>Indented JSON for reading; text that is not JSON is returned as it is.</summary>
    public static string Pretty(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return "";
        return Parse(json) is { } node ? node.ToJsonString(Indented) : json;
    }

    private static JsonNode? Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json)) return null;
        try
        {
            return JsonNode.Parse(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
