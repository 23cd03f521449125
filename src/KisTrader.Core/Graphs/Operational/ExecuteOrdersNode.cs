using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>5. Sends every risk-approved order that needs no admin through the gateway (which re-checks risk on fresh
/// prices and writes the intent before sending). The graph's only order-sending node: after a crash it is recovered
/// from the ledger, never re-run. Parks the run afterwards when other orders still wait for approval.</summary>
public sealed class ExecuteOrdersNode(IOrderGateway gateway, IOrderLedger ledger, IApprovalStore approvals, TimeProvider time)
    : ISendsOrders<TradingState>
{
    public string Name => OperationalGraph.ExecuteOrders;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        foreach (var check in ToSend(state))
        {
            var order = check.ApprovedOrder;
            context.SentOrders = true;
            // The planned order goes to the gateway (rules reduce the planned quantity once), capped at what was checked.
            // What it is decided on travels with it into the ledger's intent (the trade record is built from that).
            var result = await gateway.SubmitAsync(check.Order with { Context = OrderContexts.For(state, order) }, state.RunId, state.Analysis, ct,
                maxQuantity: check.Verdict.ApprovedQuantity);
            state.Executions.Add(new OrderExecution(order, result.OrderId, result.Submission?.Status, result.Verdict,
                result.Submission?.Code, result.Submission?.Message ?? (result.Verdict.Approved ? null : result.Verdict.Reason)));
        }
        return Next(state);
    }

    /// <summary>Rebuilds the executions from the ledger's orders of this run. An order with no ledger row was never
    /// handed to the broker (the gateway writes the intent first); it is reported, not sent late.</summary>
    public async Task<NodeResult> RecoverAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        // This node's own executions are rebuilt from the ledger; what approvals claim stays theirs.
        state.Executions.RemoveAll(e => e.ApprovalId is null);
        var ours = await UnclaimedOrders.OfRunAsync(state, ledger, approvals, time, ct);
        foreach (var check in ToSend(state))
        {
            var order = check.ApprovedOrder;
            var found = ours.FirstOrDefault(o => o.Ticker == order.Ticker && o.Side == order.Side);
            if (found is null)
            {
                state.Executions.Add(new OrderExecution(order, null, null, null, null,
                    "not sent: the run was interrupted before this order, and it is not sent late"));
                continue;
            }
            ours.Remove(found);
            context.SentOrders = true;
            state.Executions.Add(new OrderExecution(order, found.OrderId, StatusOf(found), null, null,
                $"recovered from the ledger after an interruption ({found.Status})"));
        }
        return Next(state);
    }

    private static IEnumerable<OrderCheck> ToSend(TradingState state) =>
        state.Checks.Where(c => c.Verdict.Approved && !c.RequiresApproval && c.Verdict.ApprovedQuantity > 0).ToList();

    private static NodeResult Next(TradingState state)
    {
        var waiting = state.Checks.Count(c => c.RequiresApproval);
        return waiting > 0
            ? NodeResult.Park($"awaiting approval of {waiting} order(s)", OperationalGraph.RecordAndReport)
            : NodeResult.Continue(OperationalGraph.RecordAndReport);
    }

    private static SubmissionStatus StatusOf(LedgerOrder order) => order.Status switch
    {
        LedgerOrderStatus.Rejected => SubmissionStatus.Rejected,
        // An intent may or may not have reached the broker: reconciliation decides, nothing is resent.
        LedgerOrderStatus.Intent or LedgerOrderStatus.Unknown => SubmissionStatus.Unknown,
        _ => SubmissionStatus.Accepted,
    };
}
