using System.Security.Cryptography;
using System.Text;
using KisTrader.Simulator.Rest;

namespace KisTrader.Simulator.Auth;

/// <summary>
/// Access tokens, WebSocket approval keys and credential checks (KIS_API.md §2), on the host clock.
/// Tokens live 24 h; a request within 6 h of the last issue returns the same token; two issues for
/// one app key within a minute → EGW00133.
/// </summary>
public sealed class AuthRegistry(TimeProvider time, SimulatorSettings settings)
{
    public static readonly TimeSpan TokenLifetime = TimeSpan.FromHours(24);
    public static readonly TimeSpan SameTokenWindow = TimeSpan.FromHours(6);
    public static readonly TimeSpan IssueInterval = TimeSpan.FromMinutes(1);

    private readonly Lock _gate = new();
    private readonly Dictionary<string, IssuedToken> _tokens = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateTimeOffset> _lastIssue = new(StringComparer.Ordinal);
    private readonly Dictionary<string, ApprovalKey> _approvals = new(StringComparer.Ordinal);

    public TimeProvider Time => time;

    /// <summary>null when the pair is acceptable; else the gateway code.</summary>
    public KisCode? CheckCredentials(string? appKey, string? appSecret)
    {
        if (string.IsNullOrEmpty(appKey)) return KisCodes.AppKeyMissing;
        if (string.IsNullOrEmpty(appSecret)) return KisCodes.AppSecretMissing;
        if (settings.FixedAppKeys is { } fixedKeys)
        {
            var match = fixedKeys.FirstOrDefault(k => k.AppKey == appKey);
            if (match is null) return KisCodes.AppKeyInvalid;
            if (!CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(match.AppSecret), Encoding.UTF8.GetBytes(appSecret)))
                return KisCodes.AppSecretInvalid;
        }
        return null;
    }

    /// <summary>POST /oauth2/tokenP.</summary>
    public (IssuedToken? Token, KisCode? Error) IssueToken(string? appKey, string? appSecret)
    {
        if (CheckCredentials(appKey, appSecret) is { } bad) return (null, bad with { HttpStatus = 403 });
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (_lastIssue.TryGetValue(appKey!, out var last) && now - last < IssueInterval) return (null, KisCodes.TokenTooSoon);
            _lastIssue[appKey!] = now;
            var recent = _tokens.Values
                .Where(t => t.AppKey == appKey && !t.Revoked && now - t.IssuedAt < SameTokenWindow && t.ExpiresAt > now)
                .MaxBy(t => t.IssuedAt);
            if (recent is not null) return (recent, null);
            var token = new IssuedToken { Token = NewJwt(now), AppKey = appKey!, IssuedAt = now, ExpiresAt = now + TokenLifetime };
            _tokens[token.Token] = token;
            Prune(now);
            return (token, null);
        }
    }

    /// <summary>POST /oauth2/revokeP: true when the token belonged to that app key.</summary>
    public bool Revoke(string? appKey, string? token)
    {
        lock (_gate)
        {
            if (token is null || !_tokens.TryGetValue(token, out var t) || t.AppKey != appKey) return false;
            t.Revoked = true;
            return true;
        }
    }

    /// <summary>Checks the authorization header of a REST call against the app key it came with.</summary>
    public KisCode? Authorize(string? authorization, string appKey)
    {
        if (string.IsNullOrWhiteSpace(authorization) || !authorization.StartsWith("Bearer ", StringComparison.Ordinal)) return KisCodes.NotBearer;
        var value = authorization["Bearer ".Length..].Trim();
        lock (_gate)
        {
            if (!_tokens.TryGetValue(value, out var t) || t.Revoked || t.AppKey != appKey) return KisCodes.InvalidToken;
            if (t.ExpiresAt <= time.GetUtcNow()) return KisCodes.ExpiredToken;
            return null;
        }
    }

    /// <summary>Expires every token now and lifts the one-a-minute limit, so clients can re-issue at once.</summary>
    public void ExpireAll()
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            foreach (var t in _tokens.Values) if (t.ExpiresAt > now) t.ExpiresAt = now;
            _lastIssue.Clear();
        }
    }

    /// <summary>POST /oauth2/Approval.</summary>
    public (ApprovalKey? Key, KisCode? Error) IssueApproval(string? appKey, string? secretKey)
    {
        if (CheckCredentials(appKey, secretKey) is { } bad) return (null, bad with { HttpStatus = 403 });
        lock (_gate)
        {
            var key = new ApprovalKey { Key = Guid.NewGuid().ToString(), AppKey = appKey!, IssuedAt = time.GetUtcNow() };
            _approvals[key.Key] = key;
            return (key, null);
        }
    }

    public string? AppKeyOfApproval(string? approvalKey)
    {
        if (approvalKey is null) return null;
        lock (_gate) return _approvals.TryGetValue(approvalKey, out var a) ? a.AppKey : null;
    }

    internal void Export(StateModel model)
    {
        lock (_gate)
        {
            model.Tokens = [.. _tokens.Values.Where(t => !t.Revoked)];
            model.ApprovalKeys = [.. _approvals.Values];
        }
    }

    internal void Import(StateModel model)
    {
        lock (_gate)
        {
            foreach (var t in model.Tokens) _tokens[t.Token] = t;
            foreach (var a in model.ApprovalKeys) _approvals[a.Key] = a;
            foreach (var g in model.Tokens.GroupBy(t => t.AppKey)) _lastIssue[g.Key] = g.Max(t => t.IssuedAt);
        }
    }

    private void Prune(DateTimeOffset now)
    {
        foreach (var dead in _tokens.Values.Where(t => t.ExpiresAt < now - TimeSpan.FromDays(1)).Select(t => t.Token).ToList())
            _tokens.Remove(dead);
    }

    /// <summary>A JWT-shaped opaque token (KIS tokens are JWTs); it carries no secret.</summary>
    private static string NewJwt(DateTimeOffset now)
    {
        static string B64(byte[] b) => Convert.ToBase64String(b).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var header = B64(Encoding.UTF8.GetBytes("{\"typ\":\"JWT\",\"alg\":\"HS512\"}"));
        var payload = B64(Encoding.UTF8.GetBytes(
            $"{{\"sub\":\"token\",\"aud\":\"{Guid.NewGuid()}\",\"prdt_cd\":\"\",\"iss\":\"unogw\",\"exp\":{(now + TokenLifetime).ToUnixTimeSeconds()},\"iat\":{now.ToUnixTimeSeconds()},\"jti\":\"{Guid.NewGuid():N}\"}}"));
        return header + "." + payload + "." + B64(RandomNumberGenerator.GetBytes(64));
    }
}
