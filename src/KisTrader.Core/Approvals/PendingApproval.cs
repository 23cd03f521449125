using KisTrader.Core.Decisions;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Approvals;

public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
}

/// <summary>A planned order waiting for an admin. Approving re-runs the risk check on fresh prices before sending.</summary>
public sealed record PendingApproval(
    string ApprovalId,
    string RunId,
    PlannedOrder Order,
    RiskVerdict Verdict,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    ApprovalStatus Status,
    string? DecidedBy,
    DateTimeOffset? DecidedAt,
    string? DecisionReason,
    // The ledger order sent after approval, if any.
    string? OrderId);
