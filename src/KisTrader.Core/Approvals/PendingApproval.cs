using KisTrader.Core.Decisions;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Approvals;

public enum ApprovalStatus
{
    Pending,
    Approved,
    Rejected,
    Expired,
    /// <summary>A newer plan proposed an order of the same ticker and side (see <see cref="PendingApproval.SupersededBy"/>):
    /// only the newest proposal can be approved.</summary>
    Superseded,
}

/// <summary>A planned order waiting for an admin. A decision is data: the run that proposed it resumes at its risk check,
/// which judges the order again on fresh prices, and the execute node sends it.</summary>
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
    string? OrderId,
    // The newer approval of the same ticker and side that superseded this one.
    string? SupersededBy = null);
