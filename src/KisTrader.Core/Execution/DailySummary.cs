using KisTrader.Core.Graphs;
using KisTrader.Core.Market;
using KisTrader.Core.Exchange;

namespace KisTrader.Core.Execution;

/// <summary>The end-of-day digest: runs, orders by outcome, traded value by side, fees are not estimated here
/// (the broker's balance is the authority). Built from the ledger and the run list of one KST day.</summary>
public sealed record DailySummary(
    DateOnly Day,
    int Runs,
    int FailedRuns,
    int Orders,
    int Filled,
    int Cancelled,
    int Rejected,
    int Unresolved,
    decimal BoughtKrw,
    decimal SoldKrw,
    IReadOnlyList<string> Lines)
{
    public string Title => $"Daily summary {Day:yyyy-MM-dd}";

    public string Text => string.Join("\n", Lines);

    public static DailySummary Build(DateOnly day, IReadOnlyList<LedgerOrder> orders, IReadOnlyList<GraphRun> runs)
    {
        var ofDay = orders.Where(o => DateOnly.FromDateTime(o.CreatedAt.ToKst().DateTime) == day).ToList();
        var runsOfDay = runs.Where(r => DateOnly.FromDateTime(r.StartedAt.ToKst().DateTime) == day).ToList();
        decimal Value(Side side) => ofDay.Where(o => o.Side == side && o.FilledQuantity > 0)
            .Sum(o => o.FilledQuantity * (o.AverageFillPrice ?? 0m));
        var bought = Value(Side.Buy);
        var sold = Value(Side.Sell);
        var filled = ofDay.Count(o => o.FilledQuantity > 0);
        var cancelled = ofDay.Count(o => o.Status == LedgerOrderStatus.Cancelled && o.FilledQuantity == 0);
        var rejected = ofDay.Count(o => o.Status == LedgerOrderStatus.Rejected);
        var unresolved = ofDay.Count(o => o.Status is LedgerOrderStatus.Unknown or LedgerOrderStatus.Intent);
        var failedRuns = runsOfDay.Count(r => r.Status == RunStatus.Failed);

        var lines = new List<string>
        {
            $"{runsOfDay.Count} runs ({failedRuns} failed), {ofDay.Count} orders: {filled} with fills, {cancelled} cancelled, {rejected} rejected"
                + (unresolved > 0 ? $", {unresolved} UNRESOLVED (reconciliation pending)" : ""),
            $"bought {bought:#,0} KRW, sold {sold:#,0} KRW",
        };
        foreach (var o in ofDay.Where(o => o.FilledQuantity > 0).OrderBy(o => o.CreatedAt))
            lines.Add($"{o.CreatedAt.ToKst():HH:mm} {o.Side} {o.FilledQuantity:#,0}/{o.Quantity:#,0} {o.Ticker} @ {o.AverageFillPrice:#,0.##} ({o.Status})");
        return new DailySummary(day, runsOfDay.Count, failedRuns, ofDay.Count, filled, cancelled, rejected, unresolved, bought, sold, lines);
    }
}
