using KisTrader.Core.Errors;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>6. One trades row per executed order (written from the ledger by <see cref="TradeRecorder"/>, which also
/// brings it up to date as later fills arrive). Then the run report with every rejection reason; a
/// decision that failed ends the run as Failed with the reason.</summary>
public sealed class RecordAndReportNode(IOrderLedger ledger, TradeRecorder recorder) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.RecordAndReport;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var lines = new List<string>();
        var rejections = new List<string>();
        int sent = 0, filled = 0;

        foreach (var e in state.Executions)
        {
            var label = $"{e.Order.Side} {e.Order.Quantity} {e.Order.Ticker}";
            if (e.OrderId is null)
            {
                rejections.Add($"{label}: {e.Message ?? e.Verdict?.Reason ?? "not sent"}");
                continue;
            }
            var order = await ledger.GetAsync(e.OrderId, ct);
            if (order is null)
            {
                rejections.Add($"{label}: ledger order {e.OrderId} not found");
                continue;
            }
            if (order.Status == LedgerOrderStatus.Rejected)
                rejections.Add($"{label}: rejected ({e.Code ?? "-"}) {e.Message ?? order.LastError}");
            else
                sent++;
            if (order.FilledQuantity > 0) filled++;
            if (TradeRecorder.IsRecordable(order))
            {
                try
                {
                    var trade = await recorder.RecordAsync(order, ct);
                    if (trade is not null && !state.RecordedTradeIds.Contains(trade.TradeId))
                        state.RecordedTradeIds.Add(trade.TradeId);
                }
                catch (Exception ex) when (ex is TradingSystemException or TradeValidationException)
                {
                    rejections.Add($"{label}: trade not recorded: {ex.Message}");
                }
            }
            else if (!order.IsFinal)
            {
                lines.Add($"{label}: {order.Status}, nothing filled yet; recorded when it fills");
            }
        }

        if (state.Rejection is { } r)
            rejections.AddRange(r.Errors.Select(err => $"plan rejected ({r.Engine}): {err}"));
        rejections.AddRange(state.DroppedOrders.Select(d => $"dropped from plan: {d}"));
        // An approved order refused by the fresh check on resuming has its execution (with the reason) listed above.
        rejections.AddRange(state.Checks.Where(c => !c.Verdict.Approved && !(c.ApprovalId is not null && state.IsHandled(c)))
            .Select(c => $"{c.Order.Side} {c.Order.Quantity} {c.Order.Ticker}: risk {c.Verdict.Code}: {c.Verdict.Reason}"));

        var planned = state.Plan?.Orders.Count ?? 0;
        var approved = state.Checks.Count(c => c.Verdict.Approved);
        var waiting = state.Checks.Count(c => c.AwaitsDecision);
        // No plan and a rejection: the decision failed (the LLM unreachable, timed out, answered an error, not JSON, off the
        // schema, or only invalid orders). That is a failed run, never a quiet "0 planned" that reads like a hold.
        var decisionFailure = state.Plan is null && state.Rejection is { } failed ? $"decision failed: {failed.Reason}" : null;
        var summary = decisionFailure is not null
            ? $"{state.Engine ?? "no engine"}: {decisionFailure}"
            : $"{state.Engine ?? "no engine"}: {planned} planned, {approved} passed risk, {sent} sent, {filled} filled, " +
              $"{state.RecordedTradeIds.Count} trade(s) recorded";
        var head = new List<string> { summary };
        if (state.EngineNotice is { } notice) head.Add($"notice: {notice}");
        if (state.Plan is not null && state.Rejection is { } overruled)
            head.Add($"{overruled.Engine} failed ({overruled.Reason}): {state.Plan.Engine} decided instead");
        if (state.DecisionNote is { } note) head.Add(note);
        else if (state.Analysis is { Stale: true } a) head.Add($"market data stale: {a.StaleReason}");
        if (state.Plan is { Summary: { Length: > 0 } planSummary } && state.DecisionNote is null) head.Add($"plan: {planSummary}");
        head.AddRange(lines);
        head.AddRange(rejections.Select(x => "rejected: " + x));

        state.Report = new RunReport(head, planned, approved, state.Checks.Count - approved, waiting, sent, filled,
            state.RecordedTradeIds.Count, rejections, state.Plan?.Engine ?? state.Engine, state.EngineNotice,
            state.Plan is null ? state.Rejection?.Reason : null, state.Rejection is not null, state.Executions.Count);
        return decisionFailure is null ? NodeResult.End(summary, state.Report) : NodeResult.EndFailed(summary, summary, state.Report);
    }
}
