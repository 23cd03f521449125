using System.Security.Cryptography;
using System.Text;

namespace KisTrader.Core.Security;

/// <summary>A new API token: the text is shown to its owner once and never stored; the hash is what the database keeps.</summary>
public sealed record NewApiToken(string Token, string Prefix, string Hash);

/// <summary>
/// Per-user API tokens for scripts (<c>Authorization: Bearer kt_…</c>): 32 random bytes, stored only as their SHA-256.
/// A fast hash is enough here (unlike passwords): the token has 256 bits of entropy, so nothing can be guessed from
/// the hash, and the lookup by hash is one indexed query per request.
/// </summary>
public static class ApiTokens
{
    /// <summary>Every token starts with this, so a leaked one is recognisable (secret scanners, logs).</summary>
    public const string Marker = "kt_";

    /// <summary>How much of the token the UI shows to tell tokens apart (the marker and 6 characters: 36 bits, not a secret).</summary>
    public const int PrefixLength = 9;

    public const int MaxNameLength = 64;

    public static NewApiToken Create()
    {
        var token = Marker + Base64Url(RandomNumberGenerator.GetBytes(32));
        return new NewApiToken(token, token[..PrefixLength], Hash(token));
    }

    /// <summary>Lower-case hex SHA-256 of the token's UTF-8 text (64 characters).</summary>
    public static string Hash(string token) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    /// <summary>Whether <paramref name="text"/> has the shape of a token (cheap check before any database work).</summary>
    public static bool LooksLikeToken(string text) =>
        text.Length == Marker.Length + 43 && text.StartsWith(Marker, StringComparison.Ordinal)
        && text.AsSpan(Marker.Length).IndexOfAnyExcept("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") < 0;

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

/// <summary>One API token as stored (never its text).</summary>
public sealed record ApiTokenInfo(long Id, string UserId, string Name, string Prefix, DateTimeOffset CreatedAt,
    DateTimeOffset? LastUsedAt, DateTimeOffset? RevokedAt)
{
    public bool IsActive => RevokedAt is null;
}
