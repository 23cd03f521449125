namespace KisTrader.Core.Alerts;

/// <summary>Per-key cooldown: <see cref="TryEnter(TKey)"/> is true at most once per <c>cooldown</c> for a key. Thread-safe.
/// A value-type key (an alert's kind and subject) lets a hot path ask without building a string.</summary>
public sealed class Cooldowns<TKey>(TimeSpan cooldown, TimeProvider time) where TKey : notnull
{
    private readonly Dictionary<TKey, DateTimeOffset> _last = new();
    private readonly Lock _gate = new();

    public bool TryEnter(TKey key) => TryEnter(key, out _);

    /// <summary>Takes the key's turn when its cooldown is over; otherwise false, with how long ago the last turn was taken.</summary>
    public bool TryEnter(TKey key, out TimeSpan sinceLast) => TryEnter(key, time.GetUtcNow(), out sinceLast);

    /// <summary>As <see cref="TryEnter(TKey, out TimeSpan)"/>, at <paramref name="now"/> (read from the same clock by a
    /// caller that has it already).</summary>
    public bool TryEnter(TKey key, DateTimeOffset now, out TimeSpan sinceLast)
    {
        lock (_gate)
        {
            if (_last.TryGetValue(key, out var last) && now - last < cooldown)
            {
                sinceLast = now - last;
                return false;
            }
            sinceLast = TimeSpan.Zero;
            _last[key] = now;
            // Keys are tickers and alert kinds: a few hundred at most, but never let the map grow without bound.
            if (_last.Count > 2000)
                ForgetExpired(now);
            return true;
        }
    }

    // Its own method: a lambda capturing `now` in TryEnter made the compiler allocate the closure on every call, a
    // dropped repeat included (48 B per tick on a feed in a standing surge or plunge, issue 18 goal 1).
    private void ForgetExpired(DateTimeOffset now)
    {
        foreach (var old in _last.Where(kv => now - kv.Value >= cooldown).Select(kv => kv.Key).ToList())
            _last.Remove(old);
    }

    /// <summary>Gives a taken turn back: the next <see cref="TryEnter(TKey)"/> of the key succeeds.</summary>
    public void Release(TKey key)
    {
        lock (_gate)
            _last.Remove(key);
    }
}
