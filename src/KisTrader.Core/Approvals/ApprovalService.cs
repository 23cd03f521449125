using KisTrader.Core.Audit;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Approvals;

/// <summary>
/// The approval queue's actions. A decision is data: it is recorded once (the store's conditional update), audited and
/// announced, and the run that proposed the order resumes at its risk check, which judges an approved order again on
/// fresh prices and hands it to the execute node, the only sender. Nothing here sends an order or changes a run's state:
/// a stop anywhere leaves either a decided approval of a parked run (resumed at start-up or by the maintenance loop) or
/// an interrupted run (resumed by the runner, which recovers a send from the ledger instead of repeating it).
/// </summary>
public sealed class ApprovalService(
    IApprovalStore store,
    GraphRunner<TradingState> runner,
    IGraphStore graphs,
    IOrderLedger ledger,
    IAuditLog audit,
    IEventBus bus,
    TimeProvider time) : IApprovalDecisions
{
    public const string SystemActor = "system";

    public async Task<ApprovalOutcome> ApproveAsync(string approvalId, string by, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var approval = await store.GetAsync(approvalId, ct);
        if (approval is null) return new(ApprovalOutcomeKind.NotFound, $"no approval '{approvalId}'");
        if (approval.Status != ApprovalStatus.Pending) return NotPending(approval);

        var now = time.GetUtcNow();
        if (now >= approval.ExpiresAt)
        {
            await ExpireAsync(approval, now, ct);
            return new(ApprovalOutcomeKind.Expired, $"expired at {approval.ExpiresAt:u}; nothing was sent");
        }
        if (!await store.DecideAsync(approvalId, ApprovalStatus.Approved, by, now, reason, ct))
            return NotPending(await store.GetAsync(approvalId, ct) ?? approval, "decided by someone else first; nothing was sent");
        bus.Publish(new ApprovalsChanged(approvalId));
        await audit.WriteAsync(new AuditEntry(now, by, "approval.approve", approvalId,
            $"{ApprovalProposals.Describe(approval.Order)}; reason: {reason}"), ct);

        // An approved order is sent at once, even while other approvals of its run still wait: its price is current now.
        await runner.ResumeAsync(approval.RunId, ct: ct);
        return await OutcomeOfApprovedAsync(approval, ct);
    }

    public async Task<ApprovalOutcome> RejectAsync(string approvalId, string by, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var approval = await store.GetAsync(approvalId, ct);
        if (approval is null) return new(ApprovalOutcomeKind.NotFound, $"no approval '{approvalId}'");
        var now = time.GetUtcNow();
        if (!await store.DecideAsync(approvalId, ApprovalStatus.Rejected, by, now, reason, ct))
            return NotPending(await store.GetAsync(approvalId, ct) ?? approval);
        bus.Publish(new ApprovalsChanged(approvalId));
        await audit.WriteAsync(new AuditEntry(now, by, "approval.reject", approvalId,
            $"{ApprovalProposals.Describe(approval.Order)}; reason: {reason}"), ct);
        await ResumeWhenDecidedAsync(approval.RunId, ct);
        return new(ApprovalOutcomeKind.Rejected, "rejected");
    }

    /// <summary>Rejects every pending approval (the kill switch); returns how many.</summary>
    public async Task<int> RejectAllPendingAsync(string by, string reason, CancellationToken ct = default)
    {
        var count = 0;
        foreach (var a in await store.ListAsync(ApprovalStatus.Pending, 10_000, ct))
            if ((await RejectAsync(a.ApprovalId, by, reason, ct)).Kind == ApprovalOutcomeKind.Rejected)
                count++;
        return count;
    }

    /// <summary>Marks every pending approval whose time is up as Expired (a timer in the web calls this); returns how many.</summary>
    public async Task<int> ExpireDueAsync(DateTimeOffset now, CancellationToken ct = default)
    {
        var count = 0;
        foreach (var a in await store.ListAsync(ApprovalStatus.Pending, 10_000, ct))
            if (a.ExpiresAt <= now && await ExpireAsync(a, now, ct))
                count++;
        return count;
    }

    /// <summary>Follows the trading mode: when trading is Halted, every pending approval is rejected (the kill switch).
    /// Call once at start-up; Dispose to stop.</summary>
    public IDisposable FollowTradingMode() =>
        bus.Subscribe<TradingModeChanged>(async (e, ct) =>
        {
            if (e.State.Mode == TradingMode.Halted)
                await RejectAllPendingAsync(SystemActor, $"trading halted by {e.State.ChangedBy}: {e.State.Reason}", ct);
        });

    /// <summary>Resumes every parked run none of whose approvals is pending any more: decided while the app was down,
    /// superseded by a newer run's proposals, or decided by a process stopped before it resumed the run. The run's risk
    /// check reads the decisions; nothing is sent here. Start-up and the maintenance loop call this; returns how many
    /// runs were resumed.</summary>
    public async Task<int> ResumeDecidedRunsAsync(CancellationToken ct = default)
    {
        var pendingRuns = (await store.ListAsync(ApprovalStatus.Pending, 10_000, ct)).Select(a => a.RunId).ToHashSet(StringComparer.Ordinal);
        var resumed = 0;
        foreach (var run in await graphs.UnfinishedRunsAsync(ct))
        {
            if (run.Graph != runner.Graph || run.Status != RunStatus.AwaitingApproval || pendingRuns.Contains(run.RunId))
                continue;
            if (!(await runner.ResumeAsync(run.RunId, ct: ct)).Skipped) resumed++;
        }
        return resumed;
    }

    private async Task<bool> ExpireAsync(PendingApproval approval, DateTimeOffset now, CancellationToken ct)
    {
        var reason = $"not approved by {approval.ExpiresAt:u}";
        if (!await store.DecideAsync(approval.ApprovalId, ApprovalStatus.Expired, SystemActor, now, reason, ct))
            return false;
        bus.Publish(new ApprovalsChanged(approval.ApprovalId));
        await audit.WriteAsync(new AuditEntry(now, SystemActor, "approval.expire", approval.ApprovalId,
            $"{ApprovalProposals.Describe(approval.Order)}; {reason}"), ct);
        await ResumeWhenDecidedAsync(approval.RunId, ct);
        return true;
    }

    /// <summary>A refusal sends nothing: the run resumes (to report) only once nothing of it waits for a decision.</summary>
    private async Task ResumeWhenDecidedAsync(string runId, CancellationToken ct)
    {
        if (!(await store.ListAsync(ApprovalStatus.Pending, 10_000, ct)).Any(a => a.RunId == runId))
            await runner.ResumeAsync(runId, ct: ct);
    }

    /// <summary>What the resumed run did with an approved order, as it recorded it on the approval: the ledger order it
    /// sent (its status read from the ledger) or why it sent nothing.</summary>
    private async Task<ApprovalOutcome> OutcomeOfApprovedAsync(PendingApproval approval, CancellationToken ct)
    {
        var recorded = await store.GetAsync(approval.ApprovalId, ct) ?? approval;
        if (recorded.OrderId is { } orderId)
        {
            var order = await ledger.GetAsync(orderId, ct);
            return order?.Status switch
            {
                LedgerOrderStatus.Rejected => new(ApprovalOutcomeKind.NotSent, $"approved, not sent: {order.LastError ?? "the broker refused it"}",
                    orderId, SubmissionStatus.Rejected),
                // An intent may or may not have reached the broker: reconciliation settles it.
                null or LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown => new(ApprovalOutcomeKind.Sent,
                    "sent; outcome unknown, being reconciled", orderId, SubmissionStatus.Unknown),
                _ => new(ApprovalOutcomeKind.Sent, "sent", orderId, SubmissionStatus.Accepted),
            };
        }
        if (recorded.NotSentReason is { } why)
            return new(ApprovalOutcomeKind.NotSent, $"approved, not sent: {why}");
        var run = await graphs.GetRunAsync(approval.RunId, ct);
        return run is { Status: RunStatus.Completed or RunStatus.Failed }
            // A run that ended while the order waited (it failed before the decision) sends nothing any more.
            ? new(ApprovalOutcomeKind.NotSent, $"approved, not sent: its run {approval.RunId} has ended ({run.Status})")
            : new(ApprovalOutcomeKind.Approved, "approved; the order is sent when its run resumes");
    }

    private static ApprovalOutcome NotPending(PendingApproval approval, string? message = null) => approval.Status == ApprovalStatus.Superseded
        ? new(ApprovalOutcomeKind.Superseded, approval.SupersededBy is { } newer
            ? $"superseded by the newer proposal {newer} for {approval.Order.Side} {approval.Order.Ticker}: decide that one instead; nothing was sent"
            : $"superseded ({approval.DecisionReason}); nothing was sent", SupersededBy: approval.SupersededBy)
        : new(ApprovalOutcomeKind.NotPending, message ?? $"already {approval.Status}");
}
