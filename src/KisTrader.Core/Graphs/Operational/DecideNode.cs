using KisTrader.Core.Decisions;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>3. The active engine turns portfolio and analysis into a plan. On stale data no engine is asked and no
/// order is made; a rejected or empty plan goes straight to the report. A rejected plan is a failed decision (the report
/// fails the run) unless the selector named an engine to decide instead: then that engine's plan is used, and the
/// rejection stays in the state for the report.</summary>
public sealed class DecideNode(IDecisionEngineSelector selector, OperationalGraphOptions options, TimeProvider time) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.Decide;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var portfolio = state.Portfolio ?? throw new InvalidOperationException("Decide needs the portfolio diagnosis.");
        var analysis = state.Analysis ?? throw new InvalidOperationException("Decide needs the market analysis.");
        var choice = await selector.SelectAsync(ct);
        var engine = choice.Engine;
        state.Engine = engine.Name;
        state.EngineNotice = choice.Notice;

        if (analysis.Stale)
        {
            state.DecisionNote = $"no orders: market data is stale ({analysis.StaleReason ?? analysis.Feed.ToString()})";
            state.Plan = new TradingPlan(engine.Name, [], state.DecisionNote, Notice: choice.Notice);
            return NodeResult.Continue(OperationalGraph.RecordAndReport);
        }

        // The run's candidates (analysed, in the risk engine's universe too) may be traded like the watchlist.
        IReadOnlyList<string> universe = [.. OperationalGraph.Universe(options, portfolio, state.Scope), .. analysis.Candidates.Select(c => c.Ticker)];
        // The run id goes with the input so the LLM's usage row names the run it was billed for.
        var input = new DecisionInput(portfolio, analysis, universe, time.GetUtcNow()) { RunId = state.RunId };
        var result = await engine.DecideAsync(input, ct);
        if (choice.OnFailure is { } fallback)
        {
            if (result.Rejection is not null)
            {
                // Still failing: the fallback decides this run; the LLM's rejection is reported with it.
                var rejection = result.Rejection;
                result = await fallback.DecideAsync(input, ct);
                result = result with { Rejection = rejection };
                state.Engine = fallback.Name;
            }
            else
            {
                // The LLM answered again: the fallback is over.
                state.EngineNotice = null;
            }
        }
        state.Plan = result.Plan;
        state.Rejection = result.Rejection;
        state.DroppedOrders = [.. result.DroppedOrders];
        return result.Plan is { Orders.Count: > 0 } ? NodeResult.Continue() : NodeResult.Continue(OperationalGraph.RecordAndReport);
    }
}
