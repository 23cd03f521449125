namespace KisTrader.Core.Decisions.Caching;

/// <summary>What every cache store refuses before writing: a key that is not a SHA-256 hex key, an over-long model name,
/// negative token counts (the database columns are sized for these).</summary>
public static class LlmResponseCacheRules
{
    public const int KeyLength = 64;
    public const int MaxModelLength = 128;

    public static void Validate(CachedLlmResponse r)
    {
        ArgumentNullException.ThrowIfNull(r);
        if (r.Key.Length != KeyLength || !r.Key.All(c => c is >= '0' and <= '9' or >= 'a' and <= 'f'))
            throw new ArgumentException($"cache key must be {KeyLength} lowercase hex digits (SHA-256), got \"{r.Key}\"", nameof(r));
        if (r.Model.Length > MaxModelLength)
            throw new ArgumentException($"model name longer than {MaxModelLength} characters", nameof(r));
        if (r.InputTokens < 0 || r.OutputTokens < 0)
            throw new ArgumentException("token counts cannot be negative", nameof(r));
    }
}
