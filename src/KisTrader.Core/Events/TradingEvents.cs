using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Events;

/// <summary>A ledger order changed (status, broker number, fills).</summary>
public sealed record OrderUpdated(LedgerOrder Order);

/// <summary>A fill was recorded in the ledger (exactly once per execution).</summary>
public sealed record FillRecorded(LedgerFill Fill, LedgerOrder Order);

public sealed record TradingModeChanged(TradingModeState State);

public sealed record RunUpdated(GraphRun Run);

/// <summary>The approval queue changed (added, decided or expired).</summary>
public sealed record ApprovalsChanged(string ApprovalId);

/// <summary>The loss-limit guard measured the day's and the week's loss (every maintenance tick).</summary>
public sealed record LossLimitsChecked(LossLimitCheck Check);
