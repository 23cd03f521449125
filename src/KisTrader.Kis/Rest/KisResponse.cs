using System.Text.Json;

namespace KisTrader.Kis.Rest;

/// <summary>A successful KIS answer (rt_cd "0"): the parsed body and the paging header.</summary>
internal sealed class KisResponse(string trId, int httpStatus, string? trCont, JsonElement body)
{
    public string TrId { get; } = trId;
    public int HttpStatus { get; } = httpStatus;
    /// <summary>Response header tr_cont: F or M = more data, D or E = last page.</summary>
    public string? TrCont { get; } = trCont;
    public JsonElement Body { get; } = body;

    public bool HasMorePages => TrCont is "M" or "F";

    public string? MsgCd => KisJson.OptionalString(Body, "msg_cd");
    public string? Msg1 => KisJson.OptionalString(Body, "msg1")?.Trim();

    /// <summary>The continuation keys of this page (ctx_area_fk100/nk100, or the 200-char variants), upper-cased for the next query.</summary>
    public IReadOnlyDictionary<string, string> Continuation()
    {
        var keys = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var name in new[] { "ctx_area_fk100", "ctx_area_nk100", "ctx_area_fk200", "ctx_area_nk200" })
        {
            if (Body.ValueKind == JsonValueKind.Object && Body.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String)
                keys[name.ToUpperInvariant()] = v.GetString()!;
        }
        return keys;
    }
}
