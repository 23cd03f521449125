using System.Collections.Concurrent;
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
/// The approval queue's actions. Approving sends the order through the gateway, which judges it again on fresh prices
/// and the current trading mode; every decision records who, when and why (store and audit log). When the last
/// approval of a parked run is decided, the run resumes at RecordAndReport with the outcomes in its state.
/// One instance per process (a singleton; the instance lock makes it one per database): it knows which decisions are
/// still being carried out, so the maintenance loop never completes a run under a decision that is still sending.
/// </summary>
public sealed class ApprovalService(
    IApprovalStore store,
    IOrderGateway gateway,
    IOrderLedger ledger,
    GraphRunner<TradingState> runner,
    IGraphStore graphs,
    IAuditLog audit,
    IEventBus bus,
    TimeProvider time) : IApprovalDecisions
{
    public const string SystemActor = "system";

    // The run id of every decision between its store write and its outcome reaching the parked run, keyed by a token
    // per attempt (two admins approving one order at once are two attempts; the loser's end must not clear the winner's).
    private readonly ConcurrentDictionary<object, string> _deciding = new();

    public async Task<ApprovalOutcome> ApproveAsync(string approvalId, string by, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var approval = await store.GetAsync(approvalId, ct);
        if (approval is null) return new(ApprovalOutcomeKind.NotFound, $"no approval '{approvalId}'");
        if (approval.Status != ApprovalStatus.Pending) return new(ApprovalOutcomeKind.NotPending, $"already {approval.Status}");

        var now = time.GetUtcNow();
        if (now >= approval.ExpiresAt)
        {
            await ExpireAsync(approval, now, ct);
            return new(ApprovalOutcomeKind.Expired, $"expired at {approval.ExpiresAt:u}; nothing was sent");
        }
        using var deciding = Deciding(approval);
        if (!await store.DecideAsync(approvalId, ApprovalStatus.Approved, by, now, reason, ct))
            return new(ApprovalOutcomeKind.NotPending, "decided by someone else first; nothing was sent");
        bus.Publish(new ApprovalsChanged(approvalId));

        var order = approval.Order with { Quantity = approval.Verdict.ApprovedQuantity };
        GatewayResult? result = null;
        OrderExecution execution;
        ApprovalOutcome outcome;
        try
        {
            // No analysis is passed: the gateway reads fresh prices itself (the run's analysis is minutes old).
            result = await gateway.SubmitAsync(approval.Order with { Context = await ContextOfAsync(approval.RunId, order, ct) }, approval.RunId, null, ct,
                maxQuantity: approval.Verdict.ApprovedQuantity, approvedByAdmin: true);
            if (result.OrderId is { } orderId)
                await store.SetOrderIdAsync(approvalId, orderId, ct);
            var status = result.Submission?.Status;
            var message = result.Submission?.Message ?? (result.Verdict.Approved ? null : $"risk {result.Verdict.Code}: {result.Verdict.Reason}");
            execution = new OrderExecution(order, result.OrderId, status, result.Verdict, result.Submission?.Code, message, approvalId);
            outcome = status is SubmissionStatus.Accepted or SubmissionStatus.Unknown
                ? new(ApprovalOutcomeKind.Sent, status == SubmissionStatus.Unknown ? "sent; outcome unknown, being reconciled" : "sent", result)
                : new(ApprovalOutcomeKind.NotSent, message ?? "not sent", result);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The approval stands; the failure is recorded in the run and the audit log, and shown to the admin.
            execution = new OrderExecution(order, null, null, null, null, $"submission failed: {ex.Message}", approvalId);
            outcome = new(ApprovalOutcomeKind.NotSent, $"submission failed: {ex.Message}");
        }

        await audit.WriteAsync(new AuditEntry(now, by, "approval.approve", approvalId,
            $"{Describe(order)}; reason: {reason}; outcome: {outcome.Kind} {outcome.Message}"), ct);
        await AfterDecisionAsync(approval.RunId, execution, ct);
        return outcome;
    }

    public async Task<ApprovalOutcome> RejectAsync(string approvalId, string by, string reason, CancellationToken ct = default)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(by);
        var approval = await store.GetAsync(approvalId, ct);
        if (approval is null) return new(ApprovalOutcomeKind.NotFound, $"no approval '{approvalId}'");
        var now = time.GetUtcNow();
        using var deciding = Deciding(approval);
        if (!await store.DecideAsync(approvalId, ApprovalStatus.Rejected, by, now, reason, ct))
            return new(ApprovalOutcomeKind.NotPending, $"already {(await store.GetAsync(approvalId, ct))?.Status}");
        bus.Publish(new ApprovalsChanged(approvalId));
        await audit.WriteAsync(new AuditEntry(now, by, "approval.reject", approvalId, $"{Describe(approval.Order)}; reason: {reason}"), ct);
        await AfterDecisionAsync(approval.RunId,
            new OrderExecution(approval.Order, null, null, approval.Verdict, null, $"approval rejected by {by}: {reason}", approvalId), ct);
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

    /// <summary>Resumes parked runs whose approvals were all decided elsewhere (e.g. rejected straight in the store, or
    /// decided while the process was down), adding those decisions to the run. A run with a decision this process is
    /// still carrying out (an approved order being sent) is left to that decision. Returns how many runs were resumed.</summary>
    public async Task<int> ResumeDecidedRunsAsync(CancellationToken ct = default)
    {
        // Pending first, then in-flight: a decision marks itself in flight before its store write, so every run is
        // caught by one of the two reads.
        var pendingRuns = (await store.ListAsync(ApprovalStatus.Pending, 10_000, ct)).Select(a => a.RunId).ToHashSet(StringComparer.Ordinal);
        var resumed = 0;
        foreach (var run in await graphs.UnfinishedRunsAsync(ct))
        {
            if (run.Graph != runner.Graph || run.Status != RunStatus.AwaitingApproval || pendingRuns.Contains(run.RunId)
                || _deciding.Values.Contains(run.RunId, StringComparer.Ordinal))
                continue;
            var result = await runner.ResumeAsync(run.RunId, update: async (state, token) =>
            {
                foreach (var check in state.Checks.Where(c => c.ApprovalId is not null))
                {
                    if (state.Executions.Any(e => e.ApprovalId == check.ApprovalId)) continue;
                    var a = await store.GetAsync(check.ApprovalId!, token);
                    if (a is null) continue;
                    var orderId = a.OrderId;
                    var message = $"approval {a.Status} by {a.DecidedBy}: {a.DecisionReason}";
                    if (a.Status == ApprovalStatus.Approved && orderId is null)
                    {
                        // Approved, then a stop before its order id was kept: the ledger knows whether it was sent.
                        orderId = (await UnclaimedOrders.OfRunAsync(state, ledger, store, time, token))
                            .FirstOrDefault(o => o.Ticker == a.Order.Ticker && o.Side == a.Order.Side)?.OrderId;
                        if (orderId is null) message += "; the app stopped before the order was sent";
                        else await store.SetOrderIdAsync(a.ApprovalId, orderId, token);
                    }
                    state.Executions.Add(new OrderExecution(check.ApprovedOrder, orderId, null, check.Verdict, null, message, a.ApprovalId));
                }
            }, ct: ct);
            if (!result.Skipped) resumed++;
        }
        return resumed;
    }

    private async Task<bool> ExpireAsync(PendingApproval approval, DateTimeOffset now, CancellationToken ct)
    {
        var reason = $"not approved by {approval.ExpiresAt:u}";
        using var deciding = Deciding(approval);
        if (!await store.DecideAsync(approval.ApprovalId, ApprovalStatus.Expired, SystemActor, now, reason, ct))
            return false;
        bus.Publish(new ApprovalsChanged(approval.ApprovalId));
        await audit.WriteAsync(new AuditEntry(now, SystemActor, "approval.expire", approval.ApprovalId, $"{Describe(approval.Order)}; {reason}"), ct);
        await AfterDecisionAsync(approval.RunId,
            new OrderExecution(approval.Order, null, null, approval.Verdict, null, $"approval expired ({reason})", approval.ApprovalId), ct);
        return true;
    }

    /// <summary>Adds the outcome to the parked run and resumes the run once nothing of it is pending any more.</summary>
    private async Task AfterDecisionAsync(string runId, OrderExecution execution, CancellationToken ct)
    {
        await runner.UpdateParkedAsync(runId, (state, _) =>
        {
            state.Executions.RemoveAll(e => e.ApprovalId == execution.ApprovalId);
            state.Executions.Add(execution);
            return Task.CompletedTask;
        }, ct);
        var stillPending = (await store.ListAsync(ApprovalStatus.Pending, 10_000, ct)).Any(a => a.RunId == runId);
        if (!stillPending)
            await runner.ResumeAsync(runId, ct: ct);
    }

    /// <summary>Marks a decision in flight until disposed (see <see cref="ResumeDecidedRunsAsync"/>).</summary>
    private InFlight Deciding(PendingApproval approval)
    {
        var token = new object();
        _deciding[token] = approval.RunId;
        return new InFlight(_deciding, token);
    }

    private readonly struct InFlight(ConcurrentDictionary<object, string> all, object token) : IDisposable
    {
        public void Dispose() => all.TryRemove(token, out _);
    }

    // What the parked run decided the order on, stored with its intent like the execute node's orders (issue 15). Goes
    // away with this service's own send once the execute node is the one sender.
    private async Task<OrderContext?> ContextOfAsync(string runId, Decisions.PlannedOrder order, CancellationToken ct)
    {
        var run = await graphs.GetRunAsync(runId, ct);
        if (run is null || run.Graph != OperationalGraph.Name) return null;
        try
        {
            return OrderContexts.For(GraphJson.Deserialize<TradingState>(run.StateJson), order);
        }
        catch (System.Text.Json.JsonException)
        {
            return null;
        }
    }

    private static string Describe(Decisions.PlannedOrder o) =>
        $"{o.Side} {o.Quantity} {o.Ticker} {o.PriceType}{(o.Price is { } p ? " @ " + p : "")}";
}
