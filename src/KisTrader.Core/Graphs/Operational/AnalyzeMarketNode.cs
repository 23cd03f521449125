using KisTrader.Core.Market;
using KisTrader.Core.Market.Candidates;
using KisTrader.Core.Ml.Live;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>2. The market over the watchlist (an event run: its ticker) and the holdings, and on a full run the candidates
/// the broker's rankings propose (<see cref="RankingCandidateSource"/>). A stale feed is kept in the analysis (and reported), never hidden.
/// The ML signal's probabilities are added last (<see cref="MlAnalysisScoring"/>); without a scorer the analysis has none.</summary>
public sealed class AnalyzeMarketNode(IMarketAnalyzer analyzer, OperationalGraphOptions options, RankingCandidateSource? candidates = null,
    IMlSignalScorer? mlScorer = null) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.AnalyzeMarket;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var tickers = OperationalGraph.Universe(options, state.Portfolio, state.Scope);
        var proposal = state.Scope is null && candidates is not null ? await candidates.ProposeAsync(tickers, state.Portfolio, ct) : null;
        state.Analysis = await analyzer.AnalyzeAsync(proposal is null ? tickers : [.. tickers, .. proposal.Tickers], ct);
        if (proposal is not null) state.Analysis = proposal.ApplyTo(state.Analysis);
        state.Analysis = await WithMlSignalAsync(state.Analysis, ct);
        return NodeResult.Continue();
    }

    private async Task<MarketAnalysis> WithMlSignalAsync(MarketAnalysis analysis, CancellationToken ct) =>
        mlScorer is null ? analysis : await mlScorer.WithMlScoresAsync(analysis, ct);
}
