using KisTrader.Core.Audit;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Approvals;

/// <summary>
/// Puts new proposals into the approval queue, keeping one pending decision per ticker and side: a newer plan's order
/// supersedes every pending approval of the same ticker and side (from any run), audited and naming the newer one, so
/// approving the whole queue can never buy the same thing twice. The superseded approvals' runs are resumed by the
/// maintenance loop (<see cref="ApprovalService.ResumeDecidedRunsAsync"/>) once nothing of them is pending.
/// </summary>
public sealed class ApprovalProposals(IApprovalStore store, IAuditLog audit, IEventBus bus)
{
    /// <summary>Supersedes the pending approvals of the same ticker and side, then adds <paramref name="approval"/>.
    /// Superseding first means the queue never holds two pending approvals for one ticker and side, not even for a moment.
    /// The caller (the risk check) runs inside its run, and one run of the graph runs at a time, so two proposals never race.</summary>
    public async Task ProposeAsync(PendingApproval approval, CancellationToken ct = default)
    {
        foreach (var older in await store.ListAsync(ApprovalStatus.Pending, 10_000, ct))
            if (older.ApprovalId != approval.ApprovalId && older.Order.Ticker == approval.Order.Ticker && older.Order.Side == approval.Order.Side)
                await SupersedeAsync(older, approval.ApprovalId, approval.CreatedAt,
                    $"superseded by the newer proposal {approval.ApprovalId} of run {approval.RunId}", ct);
        await store.AddAsync(approval, ct);
        bus.Publish(new ApprovalsChanged(approval.ApprovalId));
    }

    /// <summary>Supersedes the pending approvals of <paramref name="runId"/> (a risk check run again after an interruption
    /// proposes its orders anew; the approvals of the interrupted attempt must not stay approvable next to them).</summary>
    public async Task SupersedeRunAsync(string runId, DateTimeOffset at, CancellationToken ct = default)
    {
        foreach (var a in await store.ListAsync(ApprovalStatus.Pending, 10_000, ct))
            if (a.RunId == runId)
                await SupersedeAsync(a, null, at, "superseded: the risk check was run again after an interruption", ct);
    }

    private async Task SupersedeAsync(PendingApproval older, string? newer, DateTimeOffset at, string reason, CancellationToken ct)
    {
        // False: decided by an admin (or expired) a moment ago; that decision stands.
        if (!await store.SupersedeAsync(older.ApprovalId, newer, at, reason, ct)) return;
        bus.Publish(new ApprovalsChanged(older.ApprovalId));
        await audit.WriteAsync(new AuditEntry(at, ApprovalService.SystemActor, "approval.supersede", older.ApprovalId,
            $"{Describe(older.Order)}; {reason}"), ct);
    }

    internal static string Describe(PlannedOrder o) =>
        $"{o.Side} {o.Quantity} {o.Ticker} {o.PriceType}{(o.Price is { } p ? " @ " + p : "")}";
}
