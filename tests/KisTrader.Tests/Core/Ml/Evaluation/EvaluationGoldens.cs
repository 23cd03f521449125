using System.Text.Json;

namespace KisTrader.Tests.Core.Ml.Evaluation;

/// <summary>Reads Golden/evaluation_goldens.json (written by Golden/generate.py with scikit-learn; see its README).</summary>
internal static class EvaluationGoldens
{
    private static readonly Lazy<JsonElement> Root = new(() =>
        JsonDocument.Parse(File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "Core", "Ml", "Evaluation", "Golden", "evaluation_goldens.json"))).RootElement);

    public static JsonElement Doc => Root.Value;

    public static JsonElement Case(string group, string name) =>
        Doc.GetProperty(group).EnumerateArray().Single(c => c.GetProperty("name").GetString() == name);

    public static int[] Ints(this JsonElement e, string property) => [.. e.GetProperty(property).EnumerateArray().Select(x => x.GetInt32())];

    public static double[] Doubles(this JsonElement e, string property) => [.. e.GetProperty(property).EnumerateArray().Select(x => x.GetDouble())];

    public static double[][] Rows(this JsonElement e, string property) =>
        [.. e.GetProperty(property).EnumerateArray().Select(r => r.EnumerateArray().Select(x => x.GetDouble()).ToArray())];

    public static double Double(this JsonElement e, string property) => e.GetProperty(property).GetDouble();
}
