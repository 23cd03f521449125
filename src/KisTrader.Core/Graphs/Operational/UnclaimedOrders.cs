using KisTrader.Core.Execution;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>What a stop between a send and its record leaves behind: the ledger orders of a run that no approval of it
/// and no execution in its state claims yet. The gateway writes every intent before sending, so an order that was sent
/// is here; callers match it to what they were sending by ticker and side.</summary>
public static class UnclaimedOrders
{
    public static async Task<List<LedgerOrder>> OfRunAsync(TradingState state, IOrderLedger ledger, IApprovalStore approvals,
        TimeProvider time, CancellationToken ct)
    {
        var claimed = state.Executions.Select(e => e.OrderId).OfType<string>().ToHashSet(StringComparer.Ordinal);
        foreach (var check in state.Checks.Where(c => c.ApprovalId is not null))
            if (await approvals.GetAsync(check.ApprovalId!, ct) is { OrderId: { } id })
                claimed.Add(id);
        return [.. (await ledger.ListAsync(state.StartedAt.AddMinutes(-1), time.GetUtcNow().AddMinutes(1), ct))
            .Where(o => o.RunId == state.RunId && !claimed.Contains(o.OrderId))];
    }
}
