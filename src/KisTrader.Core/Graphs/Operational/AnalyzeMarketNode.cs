using KisTrader.Core.Market;
using KisTrader.Core.Ml.Live;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>2. The market over the watchlist (an event run: its ticker) and the holdings. A stale feed is kept in the analysis (and reported), never hidden.
/// The ML signal's probabilities are added last (<see cref="MlAnalysisScoring"/>); without a scorer the analysis has none.</summary>
public sealed class AnalyzeMarketNode(IMarketAnalyzer analyzer, OperationalGraphOptions options, IMlSignalScorer? mlScorer = null) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.AnalyzeMarket;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var tickers = OperationalGraph.Universe(options, state.Portfolio, state.Scope);
        state.Analysis = await WithMlSignalAsync(await analyzer.AnalyzeAsync(tickers, ct), ct);
        return NodeResult.Continue();
    }

    private async Task<MarketAnalysis> WithMlSignalAsync(MarketAnalysis analysis, CancellationToken ct) =>
        mlScorer is null ? analysis : await mlScorer.WithMlScoresAsync(analysis, ct);
}
