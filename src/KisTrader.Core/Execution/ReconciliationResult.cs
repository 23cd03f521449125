namespace KisTrader.Core.Execution;

/// <summary>What a reconciliation pass did: orders it looked at, orders it changed, and ambiguous orders still
/// unresolved (while any remain, the gateway sends nothing).</summary>
public sealed record ReconciliationResult(int Checked, int Changed, int Unresolved);
