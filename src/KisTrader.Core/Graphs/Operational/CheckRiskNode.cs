using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>4. Every planned order through the risk engine (a preview; the gateway judges again before sending).
/// Conditional edge: nothing approved → report; every approved order needs an admin → approvals created and the
/// run parked; otherwise → execute (which parks afterwards if some orders still wait for approval).</summary>
public sealed class CheckRiskNode(
    IOrderGateway gateway,
    IApprovalStore approvals,
    IEventBus bus,
    OperationalGraphOptions options,
    TimeProvider time) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.CheckRisk;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var orders = state.Plan?.Orders ?? [];
        var verdicts = await gateway.PreviewAsync(orders, state.Analysis, ct);
        if (verdicts.Count != orders.Count)
            throw new InvalidOperationException($"The risk preview judged {verdicts.Count} orders of {orders.Count}.");

        var now = time.GetUtcNow();
        await SupersedeEarlierApprovalsAsync(state.RunId, now, ct);
        state.Checks = [];
        for (var i = 0; i < orders.Count; i++)
        {
            var verdict = verdicts[i];
            var needsApproval = verdict.Approved && NeedsApproval(orders[i] with { Quantity = verdict.ApprovedQuantity }, verdict.RequiresApproval, state);
            string? approvalId = null;
            if (needsApproval)
            {
                approvalId = Guid.NewGuid().ToString("N");
                await approvals.AddAsync(new PendingApproval(approvalId, state.RunId, orders[i], verdict, now,
                    now + options.ApprovalExpiry, ApprovalStatus.Pending, null, null, null, null), ct);
                bus.Publish(new ApprovalsChanged(approvalId));
            }
            state.Checks.Add(new OrderCheck(orders[i], verdict, needsApproval, approvalId));
        }

        var approved = state.Checks.Count(c => c.Verdict.Approved);
        var waiting = state.Checks.Count(c => c.RequiresApproval);
        if (approved == 0)
            return NodeResult.Continue(OperationalGraph.RecordAndReport);
        if (waiting == approved)
            return NodeResult.Park($"awaiting approval of {waiting} order(s)", OperationalGraph.RecordAndReport);
        return NodeResult.Continue(OperationalGraph.ExecuteOrders);
    }

    /// <summary>A check interrupted by a crash is run again; approvals it had already created must not stay
    /// approvable next to the new ones, or one order could be sent twice.</summary>
    private async Task SupersedeEarlierApprovalsAsync(string runId, DateTimeOffset now, CancellationToken ct)
    {
        foreach (var a in await approvals.ListAsync(ApprovalStatus.Pending, 10_000, ct))
            if (a.RunId == runId && await approvals.DecideAsync(a.ApprovalId, ApprovalStatus.Expired, ApprovalService.SystemActor, now,
                    "superseded: the risk check was run again after an interruption", ct))
                bus.Publish(new ApprovalsChanged(a.ApprovalId));
    }

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
