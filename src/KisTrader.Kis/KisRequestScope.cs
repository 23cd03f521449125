using System.Collections.Concurrent;

namespace KisTrader.Kis;

/// <summary>Counts the KIS REST requests made by one asynchronous flow (the code awaited inside the scope and the tasks it
/// starts), by TR id, apart from the client's background work (the fill tracker's polling, the realtime session's key):
/// <see cref="KisStatus.RequestsTotal"/> counts everything the client sends. Scopes nest; a request counts in each open one.
/// A scope also sums the time its requests waited for a rate-limit permit (the client's pacing to the KIS per-second limit),
/// so a measurement can tell the broker's pacing from the product's own work.</summary>
public sealed class KisRequestScope : IDisposable
{
    private static readonly AsyncLocal<KisRequestScope?> CurrentScope = new();
    private readonly KisRequestScope? _outer;
    private readonly ConcurrentDictionary<string, long> _byTrId = new(StringComparer.Ordinal);
    private long _permitWaitTicks;
    private bool _disposed;

    private KisRequestScope(KisRequestScope? outer) => _outer = outer;

    /// <summary>Opens a scope for the current flow. Call it from the method that then awaits the work (not from a helper
    /// that returns before it), and dispose it there.</summary>
    public static KisRequestScope Begin()
    {
        var scope = new KisRequestScope(CurrentScope.Value);
        CurrentScope.Value = scope;
        return scope;
    }

    /// <summary>Requests counted so far.</summary>
    public long Total => _byTrId.Values.Sum();

    /// <summary>Requests counted so far per TR id (the token request under its own label).</summary>
    public IReadOnlyDictionary<string, long> ByTrId => new Dictionary<string, long>(_byTrId, StringComparer.Ordinal);

    /// <summary>Time the requests counted so far waited for a rate-limit permit, summed (concurrent requests' waits add up).</summary>
    public TimeSpan PermitWait => TimeSpan.FromTicks(Interlocked.Read(ref _permitWaitTicks));

    internal static void Count(string trId, TimeSpan permitWait)
    {
        for (var scope = CurrentScope.Value; scope is not null; scope = scope._outer)
        {
            if (scope._disposed) continue;
            scope._byTrId.AddOrUpdate(trId, 1, (_, n) => n + 1);
            if (permitWait > TimeSpan.Zero) Interlocked.Add(ref scope._permitWaitTicks, permitWait.Ticks);
        }
    }

    public void Dispose()
    {
        _disposed = true;
        if (CurrentScope.Value == this) CurrentScope.Value = _outer;
    }
}
