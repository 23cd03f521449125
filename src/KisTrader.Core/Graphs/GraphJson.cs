using System.Text.Json;
using System.Text.Json.Serialization;

namespace KisTrader.Core.Graphs;

/// <summary>The one JSON shape of graph state (runs, steps, trade snapshots): camelCase, enums as strings.</summary>
public static class GraphJson
{
    public static readonly JsonSerializerOptions Options = Create();

    public static string Serialize<T>(T value) => JsonSerializer.Serialize(value, Options);

    public static T Deserialize<T>(string json) =>
        JsonSerializer.Deserialize<T>(json, Options) ?? throw new JsonException($"The stored state is not a {typeof(T).Name}.");

    private static JsonSerializerOptions Create()
    {
        var o = new JsonSerializerOptions(JsonSerializerDefaults.Web);
        o.Converters.Add(new JsonStringEnumConverter());
        o.MakeReadOnly(populateMissingResolver: true);
        return o;
    }
}
