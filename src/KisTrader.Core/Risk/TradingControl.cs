using KisTrader.Core.Approvals;
using KisTrader.Core.Audit;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;
using KisTrader.Core.Security;

namespace KisTrader.Core.Risk;

/// <summary>
/// The kill switch. Halt writes the mode first (the gateway reads it inside its send lock, so the next send after
/// this returns from the store is refused), then rejects every pending approval, then cancels open orders at the broker.
/// </summary>
public sealed class TradingControl(
    ITradingModeStore store,
    IAuditLog audit,
    IApprovalStore approvals,
    IOrderGateway gateway,
    IEventBus bus,
    TimeProvider time) : ITradingControl
{
    public Task<TradingModeState> GetAsync(CancellationToken ct = default) => store.GetAsync(ct);

    public async Task<TradingModeState> HaltAsync(string by, string reason, CancellationToken ct = default)
    {
        var state = await ChangeAsync(TradingMode.Halted, by, reason, ct);
        foreach (var pending in await approvals.ListAsync(ApprovalStatus.Pending, int.MaxValue, ct))
            if (await approvals.DecideAsync(pending.ApprovalId, ApprovalStatus.Rejected, by, time.GetUtcNow(), $"trading halted: {reason}", ct))
                bus.Publish(new ApprovalsChanged(pending.ApprovalId));
        var cancelled = await gateway.CancelOpenOrdersAsync($"trading halted: {reason}", ct);
        await audit.WriteAsync(new AuditEntry(time.GetUtcNow(), by, "orders.cancel-open", "orders", $"{cancelled} open order(s) cancelled on halt"), ct);
        return state;
    }

    public Task<TradingModeState> ReduceAsync(string by, string reason, CancellationToken ct = default) =>
        ChangeAsync(TradingMode.Reducing, by, reason, ct);

    public Task<TradingModeState> ResumeAsync(string by, string reason, CancellationToken ct = default) =>
        ChangeAsync(TradingMode.Active, by, reason, ct);

    private async Task<TradingModeState> ChangeAsync(TradingMode mode, string by, string reason, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(by)) throw new ArgumentException("Who changes the trading mode must be named.", nameof(by));
        // The reason is stored with the state and sent to every signed-in user: the edges refuse an oversized one first.
        InputLimits.ThrowIfInvalid(InputLimits.Reason(nameof(reason), reason), nameof(reason));
        var state = new TradingModeState(mode, reason.Trim(), by, time.GetUtcNow());
        await store.SetAsync(state, ct);
        await audit.WriteAsync(new AuditEntry(state.ChangedAt, by, "trading.mode", mode.ToString(), state.Reason), ct);
        bus.Publish(new TradingModeChanged(state));
        return state;
    }
}
