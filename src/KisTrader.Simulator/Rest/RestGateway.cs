using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Simulator.Auth;
using Microsoft.AspNetCore.Http;

namespace KisTrader.Simulator.Rest;

/// <summary>
/// What every /uapi call passes through, in KIS gateway order: faults, credentials, token, custtype,
/// rate limit, path and tr_id, body parsing, hashkey; then the handler, then the KIS response shape.
/// </summary>
internal sealed class RestGateway(SimContext sim)
{
    internal static readonly JsonSerializerOptions JsonOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
    private readonly Dictionary<string, KisFunction> _byPath = FunctionCatalog.Create(sim).ToDictionary(f => f.Path, StringComparer.OrdinalIgnoreCase);

    public async Task HandleAsync(HttpContext http)
    {
        var path = (http.Request.Path.Value ?? "").TrimEnd('/');
        var trId = Header(http, "tr_id");
        if (sim.Faults.LatencyMs is > 0 and var latency) await Task.Delay(latency, http.RequestAborted);
        if (sim.Faults.InjectServerError()) { await WriteAsync(http, trId, new KisResult(KisCodes.ServerError)); return; }

        var appKey = Header(http, "appkey");
        if (sim.Auth.CheckCredentials(appKey, Header(http, "appsecret")) is { } badCredentials) { await WriteAsync(http, trId, new(badCredentials)); return; }

        if (path.Equals("/uapi/hashkey", StringComparison.OrdinalIgnoreCase)) { await HashkeyAsync(http, appKey); return; }

        if (sim.Auth.Authorize(Header(http, "authorization"), appKey) is { } badToken) { await WriteAsync(http, trId, new(badToken)); return; }
        // A missing custtype is an individual customer (KIS accepts it; python-kis never sends it on REST): only a
        // present, invalid value is refused (docs/kis-api-addendum.md).
        if (http.Request.Headers.ContainsKey("custtype") && Header(http, "custtype") is not ("P" or "B")) { await WriteAsync(http, trId, new(KisCodes.InvalidCustType)); return; }
        if (!sim.Limiter.TryAcquire(appKey) || sim.Faults.InjectRateLimitError()) { await WriteAsync(http, trId, new(KisCodes.RateLimited)); return; }

        if (!_byPath.TryGetValue(path, out var function))
        {
            http.Response.StatusCode = 404;
            await WriteAsync(http, trId, new(KisCodes.UnknownService), statusOverride: 404);
            return;
        }
        if (!string.Equals(function.Method, http.Request.Method, StringComparison.OrdinalIgnoreCase) || TrIdCheck(function, trId) is { } badTr)
        {
            await WriteAsync(http, trId, new(TrIdCheck(function, trId) ?? KisCodes.UnknownService));
            return;
        }

        var body = new Dictionary<string, string>(StringComparer.Ordinal);
        JsonElement? raw = null;
        if (HttpMethods.IsPost(http.Request.Method))
        {
            var (parsed, error) = await ReadBodyAsync(http, body);
            if (error is not null) { await WriteAsync(http, trId, new(error)); return; }
            raw = parsed;
            var hashkey = Header(http, "hashkey");
            if (hashkey.Length > 0 && !string.Equals(hashkey, Hashkey.Compute(parsed!.Value), StringComparison.OrdinalIgnoreCase))
            {
                await WriteAsync(http, trId, new(KisCodes.InvalidHashkey));
                return;
            }
        }

        var request = new KisRequest { Http = http, TrId = trId, AppKey = appKey, TrCont = Header(http, "tr_cont"), Body = body, RawBody = raw };
        var result = function.Handler(request);
        if (result.IsAcceptedOrder && sim.Faults.TakeOrderResponseDrop())
        {
            // The order stands (it was persisted by the handler); the client only loses the answer.
            http.Abort();
            return;
        }
        await WriteAsync(http, trId, result);
    }

    /// <summary>null when the tr_id belongs to this path in the configured mode.</summary>
    private KisCode? TrIdCheck(KisFunction f, string trId)
    {
        var accepted = sim.Paper ? f.PaperTrIds : f.RealTrIds;
        if (accepted.Contains(trId, StringComparer.Ordinal)) return null;
        if (sim.Paper && f.RealOnly && f.RealTrIds.Contains(trId, StringComparer.Ordinal)) return KisCodes.PaperUnsupported;
        return KisCodes.UnknownService;
    }

    private static async Task<(JsonElement? Body, KisCode? Error)> ReadBodyAsync(HttpContext http, Dictionary<string, string> fields)
    {
        try
        {
            using var doc = await JsonDocument.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted);
            var root = doc.RootElement.Clone();
            if (root.ValueKind != JsonValueKind.Object) return (null, KisCodes.JsonError.WithMessage("JSON PARSING ERROR : body must be an object"));
            foreach (var p in root.EnumerateObject())
            {
                // KIS wants every input as a string ("all numeric inputs are passed as strings").
                if (p.Value.ValueKind != JsonValueKind.String)
                    return (null, KisCodes.JsonError.WithMessage($"JSON PARSING ERROR : {p.Name} must be a string"));
                fields[p.Name] = p.Value.GetString() ?? "";
            }
            return (root, null);
        }
        catch (JsonException)
        {
            return (null, KisCodes.JsonError);
        }
    }

    private async Task HashkeyAsync(HttpContext http, string appKey)
    {
        if (!sim.Limiter.TryAcquire(appKey) || sim.Faults.InjectRateLimitError()) { await WriteAsync(http, "", new(KisCodes.RateLimited)); return; }
        var (body, error) = await ReadBodyAsync(http, new Dictionary<string, string>());
        if (error is not null) { await WriteAsync(http, "", new(error)); return; }
        var answer = new JsonObject { ["BODY"] = JsonNode.Parse(body!.Value.GetRawText()), ["HASH"] = Hashkey.Compute(body.Value) };
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(answer.ToJsonString(JsonOptions), http.RequestAborted);
    }

    internal static string Header(HttpContext http, string name) => http.Request.Headers.TryGetValue(name, out var v) ? v.ToString().Trim() : "";

    internal static async Task WriteAsync(HttpContext http, string trId, KisResult result, int? statusOverride = null)
    {
        var json = new JsonObject();
        foreach (var (k, v) in result.Payload) json[k] = v;
        json["rt_cd"] = result.Code.RtCd;
        json["msg_cd"] = result.Code.MsgCd;
        // KIS right-pads msg1 with spaces; clients must trim it.
        json["msg1"] = result.Code.Message.PadRight(40);
        http.Response.StatusCode = statusOverride ?? result.Code.HttpStatus;
        http.Response.ContentType = "application/json; charset=utf-8";
        http.Response.Headers["tr_id"] = trId;
        http.Response.Headers["tr_cont"] = result.TrCont;
        http.Response.Headers["gt_uid"] = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        await http.Response.WriteAsync(json.ToJsonString(JsonOptions), Encoding.UTF8, http.RequestAborted);
    }
}
