using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;

namespace KisTrader.Core.Graphs.Reflection;

/// <summary>M1. The period's performance from FIFO round trips, cross-checked with the broker (a broker that cannot be
/// asked leaves the check incomplete, not the run failed). No trade in the whole look-back: straight to UpdatePrompt.</summary>
public sealed class AggregatePerformanceNode(ReflectionRecord record, BrokerCrossChecker broker, IReflectionReportStore reports) : IGraphNode<ReflectionState>
{
    public string Name => ReflectionGraph.AggregatePerformance;

    public async Task<NodeResult> RunAsync(ReflectionState state, GraphContext context, CancellationToken ct)
    {
        await reports.SaveAsync(state.Report(ReflectionStatus.Running, "running"), ct);
        var trades = await record.TradesAsync(state, ct);
        state.LookbackTrades = trades.Count;
        var performance = new PerformanceAggregator(record.Matcher).Aggregate(trades, state.PeriodFrom, state.PeriodTo);
        var inPeriod = trades.Where(t => t.Timestamp >= state.PeriodFrom && t.Timestamp < state.PeriodTo).ToList();
        var check = await broker.CheckAsync(inPeriod, performance.RealisedNetPnl, state.PeriodFrom, state.PeriodTo, ct);
        state.Performance = performance with { BrokerCheck = check };
        if (check.Error is { } error) state.Notes.Add($"broker cross-check incomplete: {error}");
        else if (check.Differences.Count > 0) state.Notes.Add($"broker cross-check: {check.Differences.Count} difference(s)");
        await reports.SaveAsync(state.Report(ReflectionStatus.Running, "performance aggregated"), ct);

        if (trades.Count == 0)
        {
            state.Notes.Add("no trades in the look-back: nothing to analyse");
            return NodeResult.Continue(ReflectionGraph.UpdatePrompt);
        }
        return NodeResult.Continue();
    }
}
