using KisTrader.Core.Approvals;

namespace KisTrader.Core.Ports;

public interface IApprovalStore
{
    Task AddAsync(PendingApproval approval, CancellationToken ct = default);

    Task<PendingApproval?> GetAsync(string approvalId, CancellationToken ct = default);

    Task<IReadOnlyList<PendingApproval>> ListAsync(ApprovalStatus? status, int max = 200, CancellationToken ct = default);

    /// <summary>One page of decided approvals, filtered and ordered by the store, with the number of all that match.</summary>
    Task<ApprovalPage> QueryDecidedAsync(DecidedApprovalQuery query, CancellationToken ct = default);

    /// <summary>Moves a Pending approval to its decision; returns false when it was no longer Pending (decided or expired
    /// by someone else first), so an order can never be approved twice.</summary>
    Task<bool> DecideAsync(string approvalId, ApprovalStatus status, string decidedBy, DateTimeOffset at, string reason, CancellationToken ct = default);

    /// <summary>Moves a Pending approval to Superseded, naming the newer approval of the same ticker and side (null when none: a risk check run again); false when
    /// it was no longer Pending.</summary>
    Task<bool> SupersedeAsync(string approvalId, string? newerApprovalId, DateTimeOffset at, string reason, CancellationToken ct = default);

    Task SetOrderIdAsync(string approvalId, string orderId, CancellationToken ct = default);

    /// <summary>Records why an approved order was not sent (throws when there is no such approval).</summary>
    Task SetNotSentAsync(string approvalId, string reason, CancellationToken ct = default);
}
