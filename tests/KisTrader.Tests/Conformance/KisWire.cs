using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;

namespace KisTrader.Tests.Conformance;

/// <summary>
/// What a third-party KIS client puts on the wire, reproduced byte for byte where it matters: Python's
/// <c>json.dumps</c> bodies (<c>", "</c> and <c>": "</c> separators, the caller's key order), <c>requests</c>' query
/// strings (<c>urlencode</c>, empty values kept as <c>KEY=</c>) and exactly the headers each client sets, no more.
/// Deliberately independent of KisTrader.Kis and of the simulator's code.
/// </summary>
public static class KisWire
{
    /// <summary>Python <c>json.dumps(dict)</c> of string values (ensure_ascii: non-ASCII as \uXXXX).</summary>
    public static string PythonJson(IEnumerable<KeyValuePair<string, string>> fields) =>
        "{" + string.Join(", ", fields.Select(f => PythonString(f.Key) + ": " + PythonString(f.Value))) + "}";

    private static string PythonString(string s)
    {
        var sb = new StringBuilder("\"");
        foreach (var c in s)
        {
            switch (c)
            {
                case '"': sb.Append("\\\""); break;
                case '\\': sb.Append("\\\\"); break;
                case '\n': sb.Append("\\n"); break;
                case '\r': sb.Append("\\r"); break;
                case '\t': sb.Append("\\t"); break;
                default:
                    if (c < 0x20 || c > 0x7e) sb.Append("\\u").Append(((int)c).ToString("x4", System.Globalization.CultureInfo.InvariantCulture));
                    else sb.Append(c);
                    break;
            }
        }
        return sb.Append('"').ToString();
    }

    /// <summary><c>requests.get(url, params=dict)</c>: <c>urlencode</c> in the dict's order (quote_plus).</summary>
    public static string PythonQuery(IEnumerable<KeyValuePair<string, string>> fields) =>
        string.Join("&", fields.Select(f => QuotePlus(f.Key) + "=" + QuotePlus(f.Value)));

    private static string QuotePlus(string s) => Uri.EscapeDataString(s).Replace("%20", "+", StringComparison.Ordinal);

    /// <summary>A JSON body with exactly <c>Content-Type: application/json</c> (no charset parameter), as
    /// <c>requests</c> sends <c>data=json.dumps(...)</c> with that header or <c>json=...</c>.</summary>
    public static HttpContent JsonContent(string json)
    {
        var content = new ByteArrayContent(Encoding.UTF8.GetBytes(json));
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return content;
    }

    public static async Task<KisAnswer> SendAsync(HttpClient http, HttpRequestMessage request)
    {
        using var response = await http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        JsonElement body;
        try { body = JsonDocument.Parse(text).RootElement.Clone(); }
        catch (JsonException) { body = default; }
        var headers = response.Headers.ToDictionary(h => h.Key.ToLowerInvariant(), h => string.Join(",", h.Value));
        return new KisAnswer(response.StatusCode, headers, body, text);
    }

    /// <summary>The KRX tick (호가가격단위) for a stock's price, KIS_API.md §7.1 (unified table since 2023-01-25).</summary>
    public static decimal KrxTick(decimal price) => price switch
    {
        < 2_000m => 1m,
        < 5_000m => 5m,
        < 20_000m => 10m,
        < 50_000m => 50m,
        < 200_000m => 100m,
        < 500_000m => 500m,
        _ => 1_000m,
    };

    public static decimal Dec(this JsonElement e, string name) =>
        decimal.Parse(e.Str(name), System.Globalization.NumberStyles.Number, System.Globalization.CultureInfo.InvariantCulture);

    public static long Long(this JsonElement e, string name) =>
        long.Parse(e.Str(name), System.Globalization.NumberStyles.AllowLeadingSign, System.Globalization.CultureInfo.InvariantCulture);

    /// <summary>A field that must be present and a JSON string (KIS_API.md §3.3: all values in REST JSON are strings).</summary>
    public static string Str(this JsonElement e, string name)
    {
        // Messages built only on failure: this runs for every field of every row.
        if (e.ValueKind != JsonValueKind.Object) throw new Xunit.Sdk.XunitException($"expected an object holding '{name}', got {e.ValueKind}: {Shorten(e.ToString())}");
        if (!e.TryGetProperty(name, out var v)) throw new Xunit.Sdk.XunitException($"field '{name}' missing in {Shorten(e.ToString())}");
        if (v.ValueKind != JsonValueKind.String) throw new Xunit.Sdk.XunitException($"field '{name}' is {v.ValueKind}, not a string");
        return v.GetString()!;
    }

    /// <summary>Every named field is present (as a string) in the object.</summary>
    public static void HasFields(this JsonElement e, IEnumerable<string> names)
    {
        if (e.ValueKind != JsonValueKind.Object) throw new Xunit.Sdk.XunitException($"expected an object, got {e.ValueKind}: {Shorten(e.ToString())}");
        var missing = names.Where(n => !e.TryGetProperty(n, out var v) || v.ValueKind != JsonValueKind.String).ToList();
        if (missing.Count > 0) throw new Xunit.Sdk.XunitException($"missing or non-string fields: {string.Join(", ", missing)}");
    }

    public static string Shorten(string s) => s.Length <= 600 ? s : s[..600] + "…";

    /// <summary>Today in Korea (KST, UTC+9, no daylight saving), as KIS dates are.</summary>
    public static DateTime KstNow => DateTime.UtcNow.AddHours(9);

    /// <summary>The simulator's minute bars of today start at midnight KST: a test that needs a few of them, run in the
    /// first minutes of a KST day, waits until the day has them (at most 3 minutes, once a day) instead of failing.</summary>
    public static async Task UntilTodayHasMinuteBarsAsync(int minutes = 3)
    {
        var sinceMidnight = KstNow.TimeOfDay;
        if (sinceMidnight < TimeSpan.FromMinutes(minutes))
            await Task.Delay(TimeSpan.FromMinutes(minutes) - sinceMidnight + TimeSpan.FromSeconds(1));
    }

    public static string Yyyymmdd(DateTime d) => d.ToString("yyyyMMdd", System.Globalization.CultureInfo.InvariantCulture);
}

/// <summary>An HTTP answer as the clients read it: status, lower-cased response headers, the JSON body.</summary>
public sealed record KisAnswer(HttpStatusCode Status, IReadOnlyDictionary<string, string> Headers, JsonElement Body, string Text)
{
    public string RtCd => Body.Str("rt_cd");
    public string MsgCd => Body.Str("msg_cd");
    public string Msg1 => Body.Str("msg1");
    public string? Header(string name) => Headers.TryGetValue(name, out var v) ? v : null;
    public JsonElement Output => Field("output");
    public JsonElement Output1 => Field("output1");
    public JsonElement Output2 => Field("output2");

    public JsonElement Field(string name)
    {
        if (Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v)) return v;
        throw new Xunit.Sdk.XunitException($"no '{name}' in {Describe()}");
    }

    /// <summary>HTTP 200 and rt_cd "0" (the check every official sample makes: <c>res.status_code == 200</c>, then
    /// <c>APIResp.isOK()</c> = <c>rt_cd == "0"</c>; python-kis: <c>resp.ok</c>, then <c>int(rt_cd) == 0</c>).</summary>
    public KisAnswer AssertOk()
    {
        if (Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"HTTP {(int)Status}: {Describe()}");
        if (!(Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty("rt_cd", out var rt) && rt.GetString() == "0"))
            throw new Xunit.Sdk.XunitException($"not rt_cd 0: {Describe()}");
        return this;
    }

    /// <summary>HTTP 200, the only check the samples make on tokenP / Approval answers (they carry no rt_cd).</summary>
    public KisAnswer AssertHttpOk()
    {
        if (Status != HttpStatusCode.OK) throw new Xunit.Sdk.XunitException($"HTTP {(int)Status}: {Describe()}");
        return this;
    }

    public string Describe() => $"HTTP {(int)Status} {KisWire.Shorten(Text)}";
}
