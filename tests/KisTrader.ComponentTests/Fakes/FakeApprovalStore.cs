using KisTrader.Core.Approvals;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

public sealed class FakeApprovalStore : IApprovalStore
{
    public List<PendingApproval> Items { get; } = [];

    public Task AddAsync(PendingApproval approval, CancellationToken ct = default)
    {
        Items.Add(approval);
        return Task.CompletedTask;
    }

    public Task<PendingApproval?> GetAsync(string approvalId, CancellationToken ct = default) =>
        Task.FromResult(Items.FirstOrDefault(a => a.ApprovalId == approvalId));

    public Task<IReadOnlyList<PendingApproval>> ListAsync(ApprovalStatus? status, int max = 200, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<PendingApproval>>([.. Items.Where(a => status is null || a.Status == status).Take(max)]);

    public Task<ApprovalPage> QueryDecidedAsync(DecidedApprovalQuery query, CancellationToken ct = default) => Task.FromResult(query.Apply(Items));

    public Task<bool> DecideAsync(string approvalId, ApprovalStatus status, string decidedBy, DateTimeOffset at, string reason, CancellationToken ct = default) =>
        throw new NotSupportedException("the pages decide through ApprovalService");

    public Task<bool> SupersedeAsync(string approvalId, string? newerApprovalId, DateTimeOffset at, string reason, CancellationToken ct = default) =>
        throw new NotSupportedException("the pages never supersede");

    public Task SetOrderIdAsync(string approvalId, string orderId, CancellationToken ct = default) => throw new NotSupportedException();

    public Task SetNotSentAsync(string approvalId, string reason, CancellationToken ct = default) => throw new NotSupportedException();
}
