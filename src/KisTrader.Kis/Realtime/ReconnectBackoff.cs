namespace KisTrader.Kis.Realtime;

/// <summary>How the session waits between connection attempts: exponential from <see cref="Initial"/> to
/// <see cref="Max"/> with jitter, so a KIS outage never becomes a tight reconnect loop (KIS may block such patterns, §6.1).</summary>
public sealed record ReconnectBackoff
{
    public TimeSpan Initial { get; init; } = TimeSpan.FromSeconds(0.5);
    public TimeSpan Max { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>A connection that lived this long counts as healthy: the next drop starts again from <see cref="Initial"/>.</summary>
    public TimeSpan HealthyAfter { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>Wait after OPSP8996 (another session uses the app key) before trying again.</summary>
    public TimeSpan InUseDelay { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Longest time one connect attempt may take.</summary>
    public TimeSpan ConnectTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Delay before attempt <paramref name="attempt"/> (1-based), jittered by ±25 % and capped at <see cref="Max"/>.</summary>
    public TimeSpan DelayFor(int attempt, double jitter01)
    {
        var exponent = Math.Clamp(attempt - 1, 0, 30);
        var baseMs = Math.Min(Max.TotalMilliseconds, Initial.TotalMilliseconds * Math.Pow(2, exponent));
        var jittered = baseMs * (0.75 + 0.5 * Math.Clamp(jitter01, 0, 1));
        return TimeSpan.FromMilliseconds(Math.Min(Max.TotalMilliseconds, jittered));
    }
}
