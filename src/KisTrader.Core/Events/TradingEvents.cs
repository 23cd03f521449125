using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Events;

/// <summary>A ledger order changed (status, broker number, fills).</summary>
public sealed record OrderUpdated(LedgerOrder Order);

/// <summary>A fill was recorded in the ledger (exactly once per execution).</summary>
public sealed record FillRecorded(LedgerFill Fill, LedgerOrder Order);

public sealed record TradingModeChanged(TradingModeState State);

/// <summary>A run was stored with a new status or node. <paramref name="Report"/> is what the node that ended it reported
/// (the operational graph's <c>RunReport</c>), for whoever announces finished runs without reading their saved state.</summary>
public sealed record RunUpdated(GraphRun Run, object? Report = null);

/// <summary>A point of the equity curve was recorded (a run read the balance).</summary>
public sealed record EquityObserved(EquityObservation Point);

/// <summary>The approval queue changed (added, decided or expired).</summary>
public sealed record ApprovalsChanged(string ApprovalId);

/// <summary>The loss-limit guard measured the day's and the week's loss (every maintenance tick).</summary>
public sealed record LossLimitsChecked(LossLimitCheck Check);

/// <summary>What happened to an order, as the trade log records it.</summary>
public enum OrderEventKind
{
    /// <summary>Written to the ledger, not yet sent.</summary>
    Intent,
    /// <summary>Handed to the broker (the request is on its way).</summary>
    Sent,
    /// <summary>The broker accepted it and gave it a number.</summary>
    Acknowledged,
    Fill,
    Cancel,
    Rejection,
    /// <summary>The broker's answer was lost: reconciliation will settle it.</summary>
    Unknown,
    /// <summary>An order of unknown outcome (or an intent found after a crash) settled against the broker's order list.</summary>
    Reconciled,
}

/// <summary>One step of an order's life. Published by <see cref="LedgerRecorder"/> (the one writer of the ledger) and
/// the gateway, in the order they happen, so one subscriber sees each order's steps in sequence.</summary>
public sealed record OrderLifecycleEvent(OrderEventKind Kind, DateTimeOffset At, LedgerOrder Order, LedgerFill? Fill = null)
{
    /// <summary>Why, for rejections, unknown outcomes, cancels and reconciliations (the ledger's last error).</summary>
    public string? Reason => Kind is OrderEventKind.Rejection or OrderEventKind.Unknown or OrderEventKind.Cancel or OrderEventKind.Reconciled
        ? Order.LastError
        : null;
}
