using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>4. Every planned order through the risk engine (a preview; the gateway judges again before sending).
/// First pass: orders that need an admin become pending approvals (superseding earlier pending ones of the same ticker
/// and side); nothing approved → report; something needs no admin → execute; else the run parks here.
/// A parked run resumes here once a decision was recorded: approved orders are judged again on fresh prices and go to
/// execute (the only sender); rejected, expired and superseded ones are reported, never sent; the run parks here again
/// while other approvals of it are still pending.</summary>
public sealed class CheckRiskNode(
    IOrderGateway gateway,
    IApprovalStore approvals,
    ApprovalProposals proposals,
    OperationalGraphOptions options,
    TimeProvider time) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.CheckRisk;

    public Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct) =>
        state.Checks.Any(c => c.RequiresApproval) ? AfterDecisionsAsync(state, ct) : FirstCheckAsync(state, ct);

    private async Task<NodeResult> FirstCheckAsync(TradingState state, CancellationToken ct)
    {
        var orders = state.Plan?.Orders ?? [];
        var verdicts = await gateway.PreviewAsync(orders, state.Analysis, ct);
        if (verdicts.Count != orders.Count)
            throw new InvalidOperationException($"The risk preview judged {verdicts.Count} orders of {orders.Count}.");

        var now = time.GetUtcNow();
        // A check interrupted by a crash is run again: what it had proposed must not stay approvable next to the new ones.
        await proposals.SupersedeRunAsync(state.RunId, now, ct);
        state.Checks = [];
        for (var i = 0; i < orders.Count; i++)
        {
            var verdict = verdicts[i];
            var needsApproval = verdict.Approved && NeedsApproval(orders[i] with { Quantity = verdict.ApprovedQuantity }, verdict.RequiresApproval, state);
            state.Checks.Add(new OrderCheck(orders[i], verdict, needsApproval, needsApproval ? Guid.NewGuid().ToString("N") : null));
        }
        // Every approval carries the whole plan as the admin should see it; the run's saved state stays the runner's.
        var plan = PlanOf(state);
        foreach (var check in state.Checks.Where(c => c.RequiresApproval))
            await proposals.ProposeAsync(new PendingApproval(check.ApprovalId!, state.RunId, check.Order, check.Verdict, now,
                now + options.ApprovalExpiry, ApprovalStatus.Pending, null, null, null, null, Plan: plan), ct);

        if (!state.Checks.Any(c => c.Verdict.Approved))
            return NodeResult.Continue(OperationalGraph.RecordAndReport);
        if (state.Checks.Any(c => c.Sendable))
            return NodeResult.Continue(OperationalGraph.ExecuteOrders);
        return AwaitDecisions(state);
    }

    /// <summary>Reads the decisions taken while the run was parked into its state. Approved orders are judged again on
    /// fresh prices (no analysis is passed, so the gateway reads quotes now: the run's own analysis is minutes old),
    /// never above the quantity the admin approved.</summary>
    private async Task<NodeResult> AfterDecisionsAsync(TradingState state, CancellationToken ct)
    {
        var approved = new List<(int Index, PendingApproval Approval)>();
        for (var i = 0; i < state.Checks.Count; i++)
        {
            var check = state.Checks[i];
            if (!check.AwaitsDecision) continue;
            var approval = await approvals.GetAsync(check.ApprovalId!, ct);
            if (approval is null)
            {
                state.Checks[i] = check with { Decision = ApprovalStatus.Expired };
                state.Executions.Add(NotSent(check, $"approval {check.ApprovalId} no longer exists"));
                continue;
            }
            if (approval.Status == ApprovalStatus.Pending) continue;
            if (state.IsHandled(check))
            {
                // Carried out by an earlier version, which sent approved orders itself: recorded, never sent again.
                state.Checks[i] = check with { Decision = approval.Status };
                continue;
            }
            if (approval.Status == ApprovalStatus.Approved && approval.OrderId is { } sentBefore)
            {
                state.Checks[i] = check with { Decision = approval.Status };
                state.Executions.Add(new OrderExecution(check.ApprovedOrder, sentBefore, null, check.Verdict, null,
                    $"sent on approval by {approval.DecidedBy}", check.ApprovalId));
                continue;
            }
            if (approval.Status == ApprovalStatus.Approved)
            {
                approved.Add((i, approval));
                continue;
            }
            state.Checks[i] = check with { Decision = approval.Status };
            state.Executions.Add(NotSent(check, approval.Status switch
            {
                ApprovalStatus.Superseded => $"approval superseded{(approval.SupersededBy is { } newer ? $" by the newer proposal {newer}" : "")}: {approval.DecisionReason}",
                ApprovalStatus.Expired => $"approval expired ({approval.DecisionReason})",
                _ => $"approval {approval.Status} by {approval.DecidedBy}: {approval.DecisionReason}",
            }));
        }

        if (approved.Count > 0)
        {
            var fresh = await gateway.PreviewAsync([.. approved.Select(a => state.Checks[a.Index].Order)], null, ct);
            if (fresh.Count != approved.Count)
                throw new InvalidOperationException($"The risk preview judged {fresh.Count} orders of {approved.Count}.");
            for (var k = 0; k < approved.Count; k++)
            {
                var (index, approval) = approved[k];
                var check = state.Checks[index];
                var verdict = fresh[k];
                if (verdict.Approved && verdict.ApprovedQuantity > check.Verdict.ApprovedQuantity)
                    verdict = verdict with { ApprovedQuantity = check.Verdict.ApprovedQuantity };
                state.Checks[index] = check with { Verdict = verdict, Decision = ApprovalStatus.Approved };
                if (!verdict.Approved)
                {
                    var why = $"approved by {approval.DecidedBy}, but the fresh risk check refused it: {verdict.Code}: {verdict.Reason}";
                    await approvals.SetNotSentAsync(approval.ApprovalId, why, ct);
                    state.Executions.Add(new OrderExecution(check.ApprovedOrder, null, null, verdict, null, why, check.ApprovalId));
                }
            }
        }

        return state.Checks.Any(c => c.Sendable && !state.IsHandled(c))
            ? NodeResult.Continue(OperationalGraph.ExecuteOrders)
            : state.Checks.Any(c => c.AwaitsDecision) ? AwaitDecisions(state) : NodeResult.Continue(OperationalGraph.RecordAndReport);
    }

    private static ProposalPlan PlanOf(TradingState state) => new(state.Plan?.Engine ?? state.Engine ?? "", state.Plan?.Summary ?? "",
        [.. state.Checks.Select(c => new ProposalPlanOrder(c.Order.Side, c.Order.Ticker, c.Order.Quantity,
            c.Verdict.Approved ? (c.RequiresApproval ? "awaiting approval" : "sent without approval") : $"{c.Verdict.Code}: {c.Verdict.Reason}",
            c.ApprovalId))]);

    /// <summary>Parks the run here: a decision resumes it at this node.</summary>
    internal static NodeResult AwaitDecisions(TradingState state) =>
        NodeResult.Park($"awaiting approval of {state.Checks.Count(c => c.AwaitsDecision)} order(s)", OperationalGraph.CheckRisk);

    private static OrderExecution NotSent(OrderCheck check, string message) =>
        new(check.ApprovedOrder, null, null, check.Verdict, null, message, check.ApprovalId);

    private bool NeedsApproval(PlannedOrder order, bool verdictRequires, TradingState state)
    {
        if (verdictRequires) return true;
        switch (options.ApprovalMode)
        {
            case ApprovalMode.Required:
                return true;
            case ApprovalMode.Off:
                return false;
            default:
                var price = order.Price ?? state.Analysis?.Find(order.Ticker)?.Price;
                // A market order with no known price cannot be shown to be below the threshold.
                return price is null || price.Value * order.Quantity >= options.ApprovalThresholdKrw;
        }
    }
}
