namespace KisTrader.Core.Alerts;

/// <summary>Per-key cooldown: <see cref="TryEnter"/> is true at most once per <c>cooldown</c> for a key. Thread-safe.</summary>
public sealed class Cooldowns(TimeSpan cooldown, TimeProvider time)
{
    private readonly Dictionary<string, DateTimeOffset> _last = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public bool TryEnter(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            if (_last.TryGetValue(key, out var last) && now - last < cooldown)
                return false;
            _last[key] = now;
            // Keys are tickers and alert kinds: a few hundred at most, but never let the map grow without bound.
            if (_last.Count > 2000)
                foreach (var old in _last.Where(kv => now - kv.Value >= cooldown).Select(kv => kv.Key).ToList())
                    _last.Remove(old);
            return true;
        }
    }

    /// <summary>Whether <paramref name="key"/> would be refused now, without taking a turn.</summary>
    public bool IsCooling(string key)
    {
        var now = time.GetUtcNow();
        lock (_gate)
            return _last.TryGetValue(key, out var last) && now - last < cooldown;
    }
}
