using KisTrader.Core.Decisions;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>3. The active engine turns portfolio and analysis into a plan. On stale data no engine is asked and no
/// order is made; a rejected or empty plan goes straight to the report.</summary>
public sealed class DecideNode(IDecisionEngineSelector selector, OperationalGraphOptions options, TimeProvider time) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.Decide;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var portfolio = state.Portfolio ?? throw new InvalidOperationException("Decide needs the portfolio diagnosis.");
        var analysis = state.Analysis ?? throw new InvalidOperationException("Decide needs the market analysis.");
        var (engine, notice) = await selector.SelectAsync(ct);
        state.Engine = engine.Name;
        state.EngineNotice = notice;

        if (analysis.Stale)
        {
            state.DecisionNote = $"no orders: market data is stale ({analysis.StaleReason ?? analysis.Feed.ToString()})";
            state.Plan = new TradingPlan(engine.Name, [], state.DecisionNote, Notice: notice);
            return NodeResult.Continue(OperationalGraph.RecordAndReport);
        }

        var universe = OperationalGraph.Universe(options, portfolio);
        // The run id goes with the input so the LLM's usage row names the run it was billed for.
        var input = new DecisionInput(portfolio, analysis, universe, time.GetUtcNow()) { RunId = state.RunId };
        var result = await engine.DecideAsync(input, ct);
        state.Plan = result.Plan;
        state.Rejection = result.Rejection;
        state.DroppedOrders = [.. result.DroppedOrders];
        return result.Plan is { Orders.Count: > 0 } ? NodeResult.Continue() : NodeResult.Continue(OperationalGraph.RecordAndReport);
    }
}
