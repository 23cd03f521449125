using KisTrader.Core.Market;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>2. The market over the watchlist (an event run: its ticker) and the holdings. A stale feed is kept in the analysis (and reported), never hidden.</summary>
public sealed class AnalyzeMarketNode(IMarketAnalyzer analyzer, OperationalGraphOptions options) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.AnalyzeMarket;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var tickers = OperationalGraph.Universe(options, state.Portfolio, state.Scope);
        state.Analysis = await analyzer.AnalyzeAsync(tickers, ct);
        return NodeResult.Continue();
    }
}
