using KisTrader.Core.Orders;

namespace KisTrader.Core.Approvals;

public enum ApprovalOutcomeKind
{
    /// <summary>Approved, and the resumed run sent it (the broker accepted it, or the outcome is Unknown and will be reconciled).</summary>
    Sent,
    /// <summary>Approved, but the fresh risk check or the broker refused it; nothing was placed.</summary>
    NotSent,
    /// <summary>Approved; the order is sent when its run resumes (it is busy, or was stopped: start-up resumes it).</summary>
    Approved,
    Rejected,
    Expired,
    /// <summary>A newer proposal of the same ticker and side replaced it: nothing was done.</summary>
    Superseded,
    /// <summary>Already decided (or expired) by someone else: nothing was done.</summary>
    NotPending,
    NotFound,
}

/// <summary>The result of an admin's decision, with the ledger order and broker answer when the resumed run sent one.</summary>
public sealed record ApprovalOutcome(ApprovalOutcomeKind Kind, string Message, string? OrderId = null, SubmissionStatus? Status = null,
    string? SupersededBy = null)
{
    /// <summary>The decision was taken (whatever the order's fate); false means nothing happened.</summary>
    public bool Decided => Kind is ApprovalOutcomeKind.Sent or ApprovalOutcomeKind.NotSent or ApprovalOutcomeKind.Approved or ApprovalOutcomeKind.Rejected;
}
