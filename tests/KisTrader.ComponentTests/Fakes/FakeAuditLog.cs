using KisTrader.Core.Audit;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

public sealed class FakeAuditLog : IAuditLog
{
    public List<AuditEntry> Entries { get; } = [];
    public List<AuditQuery> Queries { get; } = [];
    public Exception? Fail { get; set; }

    public Task WriteAsync(AuditEntry entry, CancellationToken ct = default)
    {
        Entries.Add(entry);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default) => Task.FromResult<IReadOnlyList<AuditEntry>>([.. Entries.AsEnumerable().Reverse().Take(count)]);
    public Task<IReadOnlyList<AuditEntry>> ByActorSinceAsync(string actor, DateTimeOffset since, CancellationToken ct = default) => throw new NotSupportedException();

    public Task<AuditPage> QueryAsync(AuditQuery query, CancellationToken ct = default)
    {
        Queries.Add(query);
        return Fail is { } e ? Task.FromException<AuditPage>(e) : Task.FromResult(query.Apply(Entries));
    }
}
