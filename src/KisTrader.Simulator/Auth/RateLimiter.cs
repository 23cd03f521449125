namespace KisTrader.Simulator.Auth;

/// <summary>A token bucket per app key on the host clock: RateLimitPerSecond tokens a second, bursts up to one second's worth.</summary>
public sealed class RateLimiter(TimeProvider time, Func<double> ratePerSecond)
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, (double Tokens, DateTimeOffset At)> _buckets = new(StringComparer.Ordinal);

    public bool TryAcquire(string appKey)
    {
        var rate = ratePerSecond();
        var capacity = Math.Max(1.0, rate);
        lock (_gate)
        {
            var now = time.GetUtcNow();
            var (tokens, at) = _buckets.TryGetValue(appKey, out var b) ? b : (capacity, now);
            tokens = Math.Min(capacity, tokens + Math.Max(0, (now - at).TotalSeconds) * rate);
            if (tokens < 1.0) { _buckets[appKey] = (tokens, now); return false; }
            _buckets[appKey] = (tokens - 1.0, now);
            return true;
        }
    }
}
