using System.Text.Json.Nodes;

namespace KisTrader.Simulator.Rest;

/// <summary>A handler's answer: the code, the payload fields (output, output1, output2, ctx_area_…) and the response tr_cont.</summary>
public sealed class KisResult(KisCode code)
{
    public KisCode Code { get; set; } = code;
    public List<KeyValuePair<string, JsonNode?>> Payload { get; } = [];
    public string TrCont { get; set; } = "";
    /// <summary>An order that was placed: the drop-response fault may apply.</summary>
    public bool IsAcceptedOrder { get; set; }

    public KisResult With(string key, JsonNode? value) { Payload.Add(new(key, value)); return this; }

    public static KisResult Error(KisCode code) => new(code);
}

/// <summary>Builders for KIS JSON: every value is a string.</summary>
public static class Kj
{
    public static JsonObject Obj(params (string Key, string Value)[] fields)
    {
        var o = new JsonObject();
        foreach (var (k, v) in fields) o[k] = v;
        return o;
    }

    public static JsonArray Arr(IEnumerable<JsonObject> rows)
    {
        var a = new JsonArray();
        foreach (var r in rows) a.Add(r);
        return a;
    }

    /// <summary>Whole won.</summary>
    public static string W(decimal v) => Math.Round(v, 0, MidpointRounding.AwayFromZero).ToString("0", System.Globalization.CultureInfo.InvariantCulture);
    public static string N(long v) => v.ToString(System.Globalization.CultureInfo.InvariantCulture);
    /// <summary>Two decimals (rates in %).</summary>
    public static string R2(decimal v) => Math.Round(v, 2, MidpointRounding.AwayFromZero).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
    public static string D4(decimal v) => Math.Round(v, 4, MidpointRounding.AwayFromZero).ToString("0.0000", System.Globalization.CultureInfo.InvariantCulture);
    public static string Date(DateOnly d) => d.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
    public static string Pct(decimal part, decimal whole) => whole == 0 ? "0.00" : R2(part * 100m / whole);
}
