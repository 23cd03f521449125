using KisTrader.Core.Approvals;

namespace KisTrader.ComponentTests;

/// <summary>Records decisions and applies them to the fake store, as the service would.</summary>
public sealed class FakeApprovalDecisions(FakeApprovalStore store, TimeProvider time) : IApprovalDecisions
{
    public List<(string Id, bool Approved, string By, string Reason)> Decisions { get; } = [];
    public ApprovalOutcome? Outcome { get; set; }

    public Task<ApprovalOutcome> ApproveAsync(string approvalId, string by, string reason, CancellationToken ct = default) => Decide(approvalId, true, by, reason);
    public Task<ApprovalOutcome> RejectAsync(string approvalId, string by, string reason, CancellationToken ct = default) => Decide(approvalId, false, by, reason);

    private Task<ApprovalOutcome> Decide(string id, bool approve, string by, string reason)
    {
        Decisions.Add((id, approve, by, reason));
        var i = store.Items.FindIndex(a => a.ApprovalId == id);
        store.Items[i] = store.Items[i] with
        {
            Status = approve ? ApprovalStatus.Approved : ApprovalStatus.Rejected, DecidedBy = by, DecidedAt = time.GetUtcNow(), DecisionReason = reason,
        };
        return Task.FromResult(Outcome ?? new ApprovalOutcome(approve ? ApprovalOutcomeKind.Sent : ApprovalOutcomeKind.Rejected, approve ? "sent" : "rejected"));
    }
}
