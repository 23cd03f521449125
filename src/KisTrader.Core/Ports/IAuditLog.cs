using KisTrader.Core.Audit;

namespace KisTrader.Core.Ports;

public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken ct = default);
    Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default);

    /// <summary>Entries of one actor at or after <paramref name="since"/>, oldest first.</summary>
    Task<IReadOnlyList<AuditEntry>> ByActorSinceAsync(string actor, DateTimeOffset since, CancellationToken ct = default);

    /// <summary>One page of entries, newest first, filtered by the store, with the number of all that match.</summary>
    Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default);
}
