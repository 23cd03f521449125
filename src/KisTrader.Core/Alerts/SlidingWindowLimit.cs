namespace KisTrader.Core.Alerts;

/// <summary>At most <c>max</c> events in any <c>per</c> (a sliding window): the rate limit of one notification channel.
/// Thread-safe.</summary>
public sealed class SlidingWindowLimit(int max, TimeSpan per, TimeProvider time)
{
    private readonly Queue<DateTimeOffset> _recent = new();
    private readonly Lock _gate = new();

    public int Max => max;
    public TimeSpan Per => per;

    /// <summary>True (and counted) when one more event fits in the window; false when the limit is reached.</summary>
    public bool TryAcquire()
    {
        var now = time.GetUtcNow();
        lock (_gate)
        {
            while (_recent.Count > 0 && now - _recent.Peek() >= per)
                _recent.Dequeue();
            if (_recent.Count >= max)
                return false;
            _recent.Enqueue(now);
            return true;
        }
    }
}
