using System.Text.RegularExpressions;

namespace KisTrader.Core.Security;

/// <summary>
/// The one place that knows what a secret looks like. Configuration secrets (app key, app secret,
/// account number, LLM key, passwords) are registered at start-up; runtime secrets (access tokens,
/// approval keys, AES keys) are registered by the code that obtains them. Every log sink and every
/// error text shown to a user passes through <see cref="Redact"/>.
/// </summary>
public sealed partial class SecretRedactor
{
    public const string Mask = "***";
    /// <summary>Shorter values would mask ordinary words and numbers; no real secret is this short.</summary>
    public const int MinSecretLength = 4;

    private readonly object _gate = new();
    private string[] _secrets = [];

    public void Register(string? secret)
    {
        if (string.IsNullOrWhiteSpace(secret)) return;
        var value = secret.Trim();
        if (value.Length < MinSecretLength) return;
        lock (_gate)
        {
            if (_secrets.Contains(value, StringComparer.Ordinal)) return;
            // Longest first, so a secret that contains another is masked whole.
            _secrets = [.. _secrets.Append(value).OrderByDescending(s => s.Length)];
        }
    }

    public bool ContainsSecret(string? text)
    {
        if (string.IsNullOrEmpty(text)) return false;
        return Redact(text) != text;
    }

    public string Redact(string text)
    {
        if (string.IsNullOrEmpty(text)) return text;
        var secrets = _secrets;
        foreach (var secret in secrets)
        {
            if (text.Contains(secret, StringComparison.Ordinal))
                text = text.Replace(secret, Mask, StringComparison.Ordinal);
        }
        text = BearerPattern().Replace(text, "Bearer " + Mask);
        text = JsonSecretFieldPattern().Replace(text, m => m.Groups["pre"].Value + Mask + "\"");
        text = HeaderSecretPattern().Replace(text, m => m.Groups["pre"].Value + Mask);
        text = OpenAiKeyPattern().Replace(text, Mask);
        return text;
    }

    [GeneratedRegex(@"Bearer\s+[A-Za-z0-9\-._~+/]{8,}=*", RegexOptions.CultureInvariant)]
    private static partial Regex BearerPattern();

    // "appkey":"...", "access_token": "...", "CANO":"..." in JSON bodies that end up in messages.
    [GeneratedRegex("""(?<pre>"(?:appkey|appsecret|secretkey|access_token|approval_key|token|password|api_?key|authorization|cano|hashkey|key|iv)"\s*:\s*")[^"]*"(?!\s*:)""", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex JsonSecretFieldPattern();

    // appkey=..., appsecret: ..., password=... in query strings and header dumps.
    [GeneratedRegex(@"(?<pre>\b(?:appkey|appsecret|secretkey|access_token|approval_key|password|api_?key)\s*[=:]\s*)(?!\*\*\*)[^\s&,;""']+", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)]
    private static partial Regex HeaderSecretPattern();

    [GeneratedRegex(@"\bsk-[A-Za-z0-9_\-]{16,}", RegexOptions.CultureInvariant)]
    private static partial Regex OpenAiKeyPattern();
}
