using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Auth;

/// <summary>POSTs to the OAuth-style endpoints (tokenP, Approval, hashkey). Their errors use error_code/error_description
/// (EGW00133 comes as HTTP 403), so the body is read whatever the status.</summary>
internal sealed class KisOAuthClient(KisHttp http, KisClientOptions options)
{
    public async Task<JsonElement> PostAsync(string path, string label, string body, bool withAppHeaders, CancellationToken ct)
    {
        using var message = new HttpRequestMessage(HttpMethod.Post, path)
        {
            Content = new StringContent(body, Encoding.UTF8),
        };
        message.Content.Headers.ContentType = MediaTypeHeaderValue.Parse("application/json; charset=utf-8");
        if (withAppHeaders)
        {
            message.Headers.TryAddWithoutValidation("appkey", options.AppKey);
            message.Headers.TryAddWithoutValidation("appsecret", options.AppSecret);
        }
        var raw = await http.SendAsync(message, label, null, ct).ConfigureAwait(false);
        return Read(label, raw.Status, raw.Body);
    }

    internal static JsonElement Read(string label, int status, byte[] body)
    {
        JsonElement root;
        try
        {
            using var doc = JsonDocument.Parse(body);
            root = doc.RootElement.Clone();
        }
        catch (JsonException ex)
        {
            throw new KisApiException(label, status, null, null, body.Length == 0 ? "empty response body" : "unreadable response body", ex);
        }
        if (root.ValueKind != JsonValueKind.Object)
            throw new KisApiException(label, status, null, null, "unreadable response body");
        if (KisJson.OptionalString(root, "error_code") is { Length: > 0 } code)
            throw new KisApiException(label, status, null, code, KisJson.OptionalString(root, "error_description"));
        if (KisJson.OptionalString(root, "rt_cd") is { } rtCd && rtCd.Trim() != "0")
            throw new KisApiException(label, status, rtCd, KisJson.OptionalString(root, "msg_cd"), KisJson.OptionalString(root, "msg1"));
        if (status is < 200 or >= 300)
            throw new KisApiException(label, status, null, null, $"HTTP {status}");
        return root;
    }
}
