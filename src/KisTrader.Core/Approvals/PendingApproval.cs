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
    string? SupersededBy = null,
    // The plan it came from, as the Approvals page shows it (stored with the approval: a run's saved state is the runner's).
    ProposalPlan? Plan = null,
    // Why an approved order was not sent (the fresh risk check or the gateway refused it, or its run was interrupted
    // before it): recorded by the run, so the decision's outcome is read from here and the ledger.
    string? NotSentReason = null);

/// <summary>The plan an approval came from: its engine and summary and every order of it with what the risk check made
/// of it when the approval was proposed.</summary>
public sealed record ProposalPlan(string Engine, string Summary, IReadOnlyList<ProposalPlanOrder> Orders);

/// <summary>One order of a <see cref="ProposalPlan"/>: <paramref name="Outcome"/> is the risk check's answer at proposal
/// time; an order waiting for a decision names its approval (whose current status the page reads from the store).</summary>
public sealed record ProposalPlanOrder(KisTrader.Core.Exchange.Side Side, string Ticker, long Quantity, string Outcome, string? ApprovalId);
