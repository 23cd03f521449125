using System.Collections.Concurrent;

namespace KisTrader.Kis;

/// <summary>Counts the KIS REST requests made by one asynchronous flow (the code awaited inside the scope and the tasks it
/// starts), by TR id, apart from the client's background work (the fill tracker's polling, the realtime session's key):
/// <see cref="KisStatus.RequestsTotal"/> counts everything the client sends. Scopes nest; a request counts in each open one.</summary>
public sealed class KisRequestScope : IDisposable
{
    private static readonly AsyncLocal<KisRequestScope?> CurrentScope = new();
    private readonly KisRequestScope? _outer;
    private readonly ConcurrentDictionary<string, long> _byTrId = new(StringComparer.Ordinal);
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

    internal static void Count(string trId)
    {
        for (var scope = CurrentScope.Value; scope is not null; scope = scope._outer)
            if (!scope._disposed) scope._byTrId.AddOrUpdate(trId, 1, (_, n) => n + 1);
    }

    public void Dispose()
    {
        _disposed = true;
        if (CurrentScope.Value == this) CurrentScope.Value = _outer;
    }
}
