using KisTrader.Core.Approvals;

namespace KisTrader.Core.Ports;

/// <summary>One page of decided approvals (approved, rejected, expired), most recently decided first; optionally of one outcome.</summary>
public sealed record DecidedApprovalQuery(ApprovalStatus? Status = null, int Skip = 0, int Take = 25)
{
    public void Validate()
    {
        if (Status == ApprovalStatus.Pending) throw new ArgumentException("Pending approvals are not decided.", nameof(Status));
        ArgumentOutOfRangeException.ThrowIfNegative(Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Take);
    }

    /// <summary>The same rules over approvals held in memory: what the fakes answer.</summary>
    public ApprovalPage Apply(IEnumerable<PendingApproval> approvals)
    {
        Validate();
        var matched = approvals.Where(a => a.Status != ApprovalStatus.Pending && (Status is null || a.Status == Status)).ToList();
        return new ApprovalPage([.. matched.OrderByDescending(a => a.DecidedAt).ThenBy(a => a.ApprovalId, StringComparer.Ordinal).Skip(Skip).Take(Take)], matched.Count);
    }
}

public sealed record ApprovalPage(IReadOnlyList<PendingApproval> Items, int Total);
