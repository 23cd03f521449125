using System.Collections.Concurrent;
using KisTrader.Core.Approvals;
using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>Pending approvals in memory (a backtest's, and the tests'): one lock stands in for the EF store's
/// compare-and-set on the pending status.</summary>
public sealed class InMemoryApprovalStore : IApprovalStore
{
    private readonly ConcurrentDictionary<string, PendingApproval> _items = new();
    private readonly Lock _lock = new();

    public IReadOnlyDictionary<string, PendingApproval> Items => _items;

    public Task AddAsync(PendingApproval approval, CancellationToken ct = default)
    {
        _items[approval.ApprovalId] = approval;
        return Task.CompletedTask;
    }

    public Task<PendingApproval?> GetAsync(string approvalId, CancellationToken ct = default) => Task.FromResult(_items.GetValueOrDefault(approvalId));

    public Task<IReadOnlyList<PendingApproval>> ListAsync(ApprovalStatus? status, int max = 200, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<PendingApproval>>([.. _items.Values.Where(a => status is null || a.Status == status)
            .OrderByDescending(a => a.CreatedAt).ThenBy(a => a.ApprovalId, StringComparer.Ordinal).Take(max)]);

    public Task<ApprovalPage> QueryDecidedAsync(DecidedApprovalQuery query, CancellationToken ct = default) => Task.FromResult(query.Apply(_items.Values));

    public Task<bool> DecideAsync(string approvalId, ApprovalStatus status, string decidedBy, DateTimeOffset at, string reason, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue(approvalId, out var a) || a.Status != ApprovalStatus.Pending) return Task.FromResult(false);
            _items[approvalId] = a with { Status = status, DecidedBy = decidedBy, DecidedAt = at, DecisionReason = reason };
            return Task.FromResult(true);
        }
    }

    public Task<bool> SupersedeAsync(string approvalId, string? newerApprovalId, DateTimeOffset at, string reason, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_items.TryGetValue(approvalId, out var a) || a.Status != ApprovalStatus.Pending) return Task.FromResult(false);
            _items[approvalId] = a with { Status = ApprovalStatus.Superseded, DecidedBy = "system", DecidedAt = at, DecisionReason = reason, SupersededBy = newerApprovalId };
            return Task.FromResult(true);
        }
    }

    public Task SetOrderIdAsync(string approvalId, string orderId, CancellationToken ct = default)
    {
        lock (_lock) _items[approvalId] = Existing(approvalId) with { OrderId = orderId };
        return Task.CompletedTask;
    }

    public Task SetNotSentAsync(string approvalId, string reason, CancellationToken ct = default)
    {
        lock (_lock) _items[approvalId] = Existing(approvalId) with { NotSentReason = reason };
        return Task.CompletedTask;
    }

    private PendingApproval Existing(string approvalId) =>
        _items.GetValueOrDefault(approvalId) ?? throw new InvalidOperationException($"Approval '{approvalId}' is not in the store.");
}
