using System.Text.Json;

namespace KisTrader.Kis.Rest;

/// <summary>Turns status + body into a <see cref="KisResponse"/> or an exception. KIS sends business errors with HTTP 200
/// and gateway errors with HTTP 500 (or 403 for OAuth), all with a JSON body: the body decides, not the status (§3.3).</summary>
internal static class KisResponseReader
{
    public static KisResponse Read(string trId, int status, string? trCont, ReadOnlySpan<byte> body)
    {
        JsonElement root;
        try
        {
            if (body.IsEmpty) throw new JsonException("empty body");
            using var doc = JsonDocument.Parse(body.ToArray());
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            if (status is >= 200 and < 300)
                throw new KisResponseFormatException(trId, "(body)", "is not JSON", ex);
            // No business code: a gateway or transport failure (retryable for reads, Unknown for orders).
            throw new KisApiException(trId, status, null, null, body.IsEmpty ? "empty response body" : "unreadable response body", ex);
        }

        if (root.ValueKind != JsonValueKind.Object)
            throw status is >= 200 and < 300
                ? new KisResponseFormatException(trId, "(body)", "is not a JSON object")
                : new KisApiException(trId, status, null, null, "unreadable response body");

        // OAuth-style errors (token issue, some gateway refusals): {"error_code":"EGW00133","error_description":"..."}
        if (KisJson.OptionalString(root, "error_code") is { Length: > 0 } errorCode)
            throw new KisApiException(trId, status, null, errorCode, KisJson.OptionalString(root, "error_description"));

        var rtCd = KisJson.OptionalString(root, "rt_cd");
        if (rtCd is null)
        {
            if (status is >= 200 and < 300)
                throw new KisResponseFormatException(trId, "rt_cd", "is missing");
            throw new KisApiException(trId, status, null, null, "response without rt_cd");
        }
        if (rtCd.Trim() != "0")
            throw new KisApiException(trId, status, rtCd, KisJson.OptionalString(root, "msg_cd"), KisJson.OptionalString(root, "msg1"));

        return new KisResponse(trId, status, trCont, root);
    }
}
