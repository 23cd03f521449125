using System.Text.Json;
using Microsoft.AspNetCore.Http;

namespace KisTrader.Simulator.Rest;

/// <summary>A REST call after the gateway checks: who called, the TR, the query and the (upper-case) body fields.</summary>
public sealed class KisRequest
{
    public required HttpContext Http { get; init; }
    public required string TrId { get; init; }
    public required string AppKey { get; init; }
    /// <summary>Request header tr_cont: blank on a first call, N for the next page.</summary>
    public required string TrCont { get; init; }
    public IReadOnlyDictionary<string, string> Body { get; init; } = new Dictionary<string, string>();
    public JsonElement? RawBody { get; init; }

    /// <summary>A query value (names are matched case-insensitively, as KIS accepts both cases), trimmed.</summary>
    public string Q(string name) => Http.Request.Query.TryGetValue(name, out var v) ? (v.ToString() ?? "").Trim() : "";

    /// <summary>The raw query value (ctx_area fields keep their padding).</summary>
    public string QRaw(string name) => Http.Request.Query.TryGetValue(name, out var v) ? v.ToString() ?? "" : "";

    /// <summary>A body value; POST bodies use UPPER-CASE keys and string values.</summary>
    public string B(string name) => Body.TryGetValue(name, out var v) ? v.Trim() : "";

    public bool HasQuery(string name) => Http.Request.Query.ContainsKey(name);
    public bool HasBody(string name) => Body.ContainsKey(name);
}
