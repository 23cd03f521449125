using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Core.Market;
using Microsoft.AspNetCore.Http;

namespace KisTrader.Simulator.Rest;

/// <summary>/oauth2/tokenP, /oauth2/revokeP, /oauth2/Approval (KIS_API.md §2). Bodies are JSON with lower-case keys.</summary>
internal sealed class OAuthEndpoints(SimContext sim)
{
    public async Task TokenAsync(HttpContext http)
    {
        var body = await ReadAsync(http);
        if (body is null) { await ErrorAsync(http, KisCodes.JsonError with { HttpStatus = 400 }); return; }
        if (Get(body, "grant_type") != "client_credentials") { await ErrorAsync(http, KisCodes.GrantTypeInvalid); return; }
        var (token, error) = sim.Auth.IssueToken(Get(body, "appkey"), Get(body, "appsecret"));
        if (error is not null) { await ErrorAsync(http, error); return; }
        sim.Persist();
        var now = sim.Auth.Time.GetUtcNow();
        var answer = new JsonObject
        {
            ["access_token"] = token!.Token,
            ["access_token_token_expired"] = KoreaTime.Format(token.ExpiresAt),
            ["token_type"] = "Bearer",
            // Seconds left: 86400 for a new token, less when the same token is handed out again.
            ["expires_in"] = (long)Math.Max(0, (token.ExpiresAt - now).TotalSeconds),
        };
        await JsonAsync(http, 200, answer);
    }

    public async Task RevokeAsync(HttpContext http)
    {
        var body = await ReadAsync(http);
        if (body is null) { await ErrorAsync(http, KisCodes.JsonError with { HttpStatus = 400 }); return; }
        if (sim.Auth.CheckCredentials(Get(body, "appkey"), Get(body, "appsecret")) is { } bad) { await ErrorAsync(http, bad with { HttpStatus = 403 }); return; }
        if (!sim.Auth.Revoke(Get(body, "appkey"), Get(body, "token"))) { await ErrorAsync(http, KisCodes.InvalidToken with { HttpStatus = 403 }); return; }
        sim.Persist();
        await JsonAsync(http, 200, new JsonObject { ["code"] = 200, ["message"] = "접근토큰 폐기에 성공하였습니다" });
    }

    public async Task ApprovalAsync(HttpContext http)
    {
        var body = await ReadAsync(http);
        if (body is null) { await ErrorAsync(http, KisCodes.JsonError with { HttpStatus = 400 }); return; }
        if (Get(body, "grant_type") != "client_credentials") { await ErrorAsync(http, KisCodes.GrantTypeInvalid); return; }
        // The approval body names the secret "secretkey", not "appsecret" (§2.3).
        var (key, error) = sim.Auth.IssueApproval(Get(body, "appkey"), Get(body, "secretkey"));
        if (error is not null) { await ErrorAsync(http, error); return; }
        sim.Persist();
        await JsonAsync(http, 200, new JsonObject { ["approval_key"] = key!.Key });
    }

    private static string? Get(JsonObject body, string key) => body[key] is JsonValue v && v.TryGetValue<string>(out var s) ? s : null;

    private static async Task<JsonObject?> ReadAsync(HttpContext http)
    {
        try { return await JsonNode.ParseAsync(http.Request.Body, cancellationToken: http.RequestAborted) as JsonObject; }
        catch (JsonException) { return null; }
    }

    /// <summary>Token-endpoint errors use the OAuth shape without rt_cd (EGW00133 is HTTP 403).</summary>
    private static Task ErrorAsync(HttpContext http, KisCode code) =>
        JsonAsync(http, code.HttpStatus, new JsonObject { ["error_code"] = code.MsgCd, ["error_description"] = code.Message });

    private static async Task JsonAsync(HttpContext http, int status, JsonObject body)
    {
        http.Response.StatusCode = status;
        http.Response.ContentType = "application/json; charset=utf-8";
        await http.Response.WriteAsync(body.ToJsonString(RestGateway.JsonOptions), http.RequestAborted);
    }
}
