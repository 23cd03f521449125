using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Market;
using KisTrader.Kis.Auth;
using KisTrader.Kis.Rest;

namespace KisTrader.Kis.Dto;

/// <summary>tokenP, Approval and hashkey bodies (KIS_API.md §2).</summary>
internal static class OAuthDto
{
    public const string TokenPath = "/oauth2/tokenP";
    public const string ApprovalPath = "/oauth2/Approval";
    public const string HashKeyPath = "/uapi/hashkey";

    public static string TokenRequest(string appKey, string appSecret) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["appkey"] = appKey, ["appsecret"] = appSecret });

    /// <summary>Note the field name: <c>secretkey</c>, not appsecret.</summary>
    public static string ApprovalRequest(string appKey, string appSecret) =>
        JsonSerializer.Serialize(new Dictionary<string, string> { ["grant_type"] = "client_credentials", ["appkey"] = appKey, ["secretkey"] = appSecret });

    public static AccessToken ParseToken(JsonElement body, DateTimeOffset issuedAt)
    {
        var row = new KisRow("tokenP", body);
        var token = row.String("access_token");
        if (token.Length == 0) throw new KisResponseFormatException("tokenP", "access_token", "is blank");
        // access_token_token_expired is "YYYY-MM-DD HH:MM:SS" KST; expires_in (seconds) is the fallback.
        DateTimeOffset expires;
        if (row.OptionalString("access_token_token_expired") is { Length: > 0 } text)
        {
            expires = DateTime.TryParseExact(text, "yyyy-MM-dd HH:mm:ss", CultureInfo.InvariantCulture, DateTimeStyles.None, out var local)
                ? new DateTimeOffset(local, KoreaTime.Offset)
                : throw new KisResponseFormatException("tokenP", "access_token_token_expired", "is not YYYY-MM-DD HH:MM:SS");
        }
        else if (row.Has("expires_in"))
            expires = issuedAt.AddSeconds((double)row.Decimal("expires_in"));
        else
            throw new KisResponseFormatException("tokenP", "access_token_token_expired", "is missing");
        return new AccessToken(token, expires, issuedAt);
    }

    public static string ParseApprovalKey(JsonElement body)
    {
        var key = new KisRow("Approval", body).String("approval_key");
        return key.Length > 0 ? key : throw new KisResponseFormatException("Approval", "approval_key", "is blank");
    }

    public static string ParseHash(JsonElement body)
    {
        var hash = new KisRow("hashkey", body).String("HASH");
        return hash.Length > 0 ? hash : throw new KisResponseFormatException("hashkey", "HASH", "is blank");
    }
}
