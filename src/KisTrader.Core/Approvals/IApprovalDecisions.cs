namespace KisTrader.Core.Approvals;

/// <summary>What an admin can do to a pending approval; the approvals page needs only this of <see cref="ApprovalService"/>.</summary>
public interface IApprovalDecisions
{
    Task<ApprovalOutcome> ApproveAsync(string approvalId, string by, string reason, CancellationToken ct = default);

    Task<ApprovalOutcome> RejectAsync(string approvalId, string by, string reason, CancellationToken ct = default);
}
