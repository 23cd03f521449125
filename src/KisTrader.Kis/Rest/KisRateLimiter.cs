using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;

namespace KisTrader.Kis.Rest;

/// <summary>
/// A token bucket per app key, shared by every client in the process that uses the key: KIS counts requests per
/// app key (§5.1), so two clients with one key must share one budget. Requests wait for a permit (on the injected
/// clock) rather than fail. The default burst is one request: evenly spaced requests never exceed the per-second
/// limit in any one-second window, which a larger burst could.
/// </summary>
internal sealed class KisRateLimiter
{
    private static readonly ConcurrentDictionary<string, KisRateLimiter> Shared = new(StringComparer.Ordinal);

    private readonly object _gate = new();
    private readonly TimeProvider _time;
    private readonly double _burst;
    private double _tokens;
    private DateTimeOffset _refilledAt;

    private KisRateLimiter(double perSecond, double burst, TimeProvider time)
    {
        if (perSecond <= 0) throw new ArgumentOutOfRangeException(nameof(perSecond), perSecond, "The request rate must be positive.");
        PerSecond = perSecond;
        _burst = Math.Max(1, burst);
        _time = time;
        _tokens = _burst;
        _refilledAt = time.GetUtcNow();
    }

    public double PerSecond { get; }

    /// <summary>The limiter of <paramref name="appKey"/>; the first client to ask sets its rate and clock.</summary>
    public static KisRateLimiter ForAppKey(string appKey, double perSecond, double burst, TimeProvider time)
    {
        var id = Convert.ToHexString(SHA256.HashData(Encoding.UTF8.GetBytes(appKey)));
        return Shared.GetOrAdd(id, _ => new KisRateLimiter(perSecond, burst, time));
    }

    /// <summary>Waits for a permit. Returns how long the caller waited, on the limiter's clock (zero when a permit was free).</summary>
    public async ValueTask<TimeSpan> AcquireAsync(CancellationToken ct)
    {
        DateTimeOffset? firstRefused = null;
        while (true)
        {
            TimeSpan wait;
            lock (_gate)
            {
                var now = _time.GetUtcNow();
                var elapsed = (now - _refilledAt).TotalSeconds;
                if (elapsed > 0)
                {
                    _tokens = Math.Min(_burst, _tokens + elapsed * PerSecond);
                    _refilledAt = now;
                }
                if (_tokens >= 1)
                {
                    _tokens -= 1;
                    return firstRefused is { } since ? now - since : TimeSpan.Zero;
                }
                firstRefused ??= now;
                wait = TimeSpan.FromSeconds((1 - _tokens) / PerSecond);
            }
            await Task.Delay(wait < TimeSpan.FromMilliseconds(1) ? TimeSpan.FromMilliseconds(1) : wait, _time, ct).ConfigureAwait(false);
        }
    }
}
