using KisTrader.Core.Execution;

namespace KisTrader.Core.Approvals;

public enum ApprovalOutcomeKind
{
    /// <summary>Approved and sent (the broker accepted it, or the outcome is Unknown and will be reconciled).</summary>
    Sent,
    /// <summary>Approved, but the fresh risk check or the broker refused it; nothing was placed.</summary>
    NotSent,
    Rejected,
    Expired,
    /// <summary>Already decided (or expired) by someone else: nothing was done.</summary>
    NotPending,
    NotFound,
}

/// <summary>The result of an admin's decision, with the gateway's answer when an order was submitted.</summary>
public sealed record ApprovalOutcome(ApprovalOutcomeKind Kind, string Message, GatewayResult? Gateway = null)
{
    /// <summary>The decision was taken (whatever the order's fate); false means nothing happened.</summary>
    public bool Decided => Kind is ApprovalOutcomeKind.Sent or ApprovalOutcomeKind.NotSent or ApprovalOutcomeKind.Rejected;
}
