using KisTrader.Core.Audit;

namespace KisTrader.Core.Ports;

public interface IAuditLog
{
    Task WriteAsync(AuditEntry entry, CancellationToken ct = default);
    Task<IReadOnlyList<AuditEntry>> RecentAsync(int count, CancellationToken ct = default);
}
