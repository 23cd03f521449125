using KisTrader.Core.Approvals;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>5. Sends every sendable order not sent yet through the gateway (which re-checks risk on fresh prices and the
/// trading mode, and writes the intent before sending): orders that need no admin, and orders an admin approved (after
/// the risk check judged them again on resuming). The only code that sends orders: after a crash it is recovered from
/// the ledger, never re-run. Parks the run at the risk check while other orders still wait for a decision.</summary>
public sealed class ExecuteOrdersNode(IOrderGateway gateway, IOrderLedger ledger, IApprovalStore approvals, TimeProvider time)
    : ISendsOrders<TradingState>
{
    public string Name => OperationalGraph.ExecuteOrders;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        foreach (var check in ToSend(state))
        {
            var byAdmin = check.Decision == ApprovalStatus.Approved;
            context.SentOrders = true;
            // The planned order goes to the gateway (rules reduce the planned quantity once), capped at what was checked.
            // An approved order was proposed minutes ago: no analysis is passed, so the gateway prices it on fresh quotes.
            // What it is decided on travels with it into the ledger's intent (the trade record is built from that).
            var result = await gateway.SubmitAsync(check.Order with { Context = OrderContexts.For(state, check.ApprovedOrder) }, state.RunId,
                byAdmin ? null : state.Analysis, ct,
                maxQuantity: check.Verdict.ApprovedQuantity, approvedByAdmin: byAdmin);
            var message = result.Submission?.Message ?? (result.Verdict.Approved ? null : result.Verdict.Reason);
            if (check.ApprovalId is { } approvalId)
            {
                // The approval records what became of it: the ledger order, or why nothing was placed.
                if (result.OrderId is { } orderId)
                    await approvals.SetOrderIdAsync(approvalId, orderId, ct);
                else
                    await approvals.SetNotSentAsync(approvalId, message ?? "refused", ct);
            }
            state.Executions.Add(new OrderExecution(check.ApprovedOrder, result.OrderId, result.Submission?.Status, result.Verdict,
                result.Submission?.Code, message, check.ApprovalId));
        }
        return Next(state);
    }

    /// <summary>Rebuilds the executions this node was making from the ledger's orders of the run that no execution claims
    /// yet (the state is the checkpoint from before the node, so what it holds was sent by earlier passes). An order with
    /// no ledger row was never handed to the broker (the gateway writes the intent first); it is reported, not sent late.</summary>
    public async Task<NodeResult> RecoverAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var claimed = state.Executions.Select(e => e.OrderId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        var unclaimed = (await ledger.ListAsync(state.StartedAt.AddMinutes(-1), time.GetUtcNow().AddMinutes(1), ct))
            .Where(o => o.RunId == state.RunId && !claimed.Contains(o.OrderId)).ToList();
        foreach (var check in ToSend(state))
        {
            var order = check.ApprovedOrder;
            var found = unclaimed.FirstOrDefault(o => o.Ticker == order.Ticker && o.Side == order.Side);
            if (found is null)
            {
                const string notSent = "not sent: the run was interrupted before this order, and it is not sent late";
                if (check.ApprovalId is { } notSentApproval)
                    await approvals.SetNotSentAsync(notSentApproval, notSent, ct);
                state.Executions.Add(new OrderExecution(order, null, null, null, null, notSent, check.ApprovalId));
                continue;
            }
            unclaimed.Remove(found);
            context.SentOrders = true;
            if (check.ApprovalId is { } approvalId)
                await approvals.SetOrderIdAsync(approvalId, found.OrderId, ct);
            state.Executions.Add(new OrderExecution(order, found.OrderId, StatusOf(found), null, null,
                $"recovered from the ledger after an interruption ({found.Status})", check.ApprovalId));
        }
        return Next(state);
    }

    private static List<OrderCheck> ToSend(TradingState state) => [.. state.Checks.Where(c => c.Sendable && !state.IsHandled(c))];

    private static NodeResult Next(TradingState state) =>
        state.Checks.Any(c => c.AwaitsDecision) ? CheckRiskNode.AwaitDecisions(state) : NodeResult.Continue(OperationalGraph.RecordAndReport);

    private static SubmissionStatus StatusOf(LedgerOrder order) => order.Status switch
    {
        LedgerOrderStatus.Rejected => SubmissionStatus.Rejected,
        // An intent may or may not have reached the broker: reconciliation decides, nothing is resent.
        LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown => SubmissionStatus.Unknown,
        _ => SubmissionStatus.Accepted,
    };
}
