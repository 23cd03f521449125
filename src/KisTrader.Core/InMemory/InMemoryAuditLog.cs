using System.Collections.Concurrent;
using KisTrader.Core.Audit;
using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>The audit log in memory (a backtest's, and the tests').</summary>
public sealed class InMemoryAuditLog : IAuditLog
{
    private readonly ConcurrentQueue<AuditEntry> _entries = new();

    /// <summary>Every entry, oldest first.</summary>
    public IReadOnlyCollection<AuditEntry> Entries => _entries;

    public Task WriteAsync(AuditEntry entry, CancellationToken ct = default)
    {
        _entries.Enqueue(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditEntry>>([.. _entries.Reverse().Take(count)]);

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default) => Task.FromResult(query.Apply(_entries));

    public Task<IReadOnlyList<AuditEntry>> ByActorSinceAsync(string actor, DateTimeOffset since, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<AuditEntry>>([.. _entries.Where(e => e.Actor == actor && e.Timestamp >= since)]);
}
