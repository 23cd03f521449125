using KisTrader.Core.Market;
using KisTrader.Core.Market.Candidates;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>2. The market over the watchlist (an event run: its ticker) and the holdings, and on a full run the candidates
/// the broker's rankings propose (<see cref="RankingCandidateSource"/>). A stale feed is kept in the analysis (and reported), never hidden.</summary>
public sealed class AnalyzeMarketNode(IMarketAnalyzer analyzer, OperationalGraphOptions options, RankingCandidateSource? candidates = null) : IGraphNode<TradingState>
{
    public string Name => OperationalGraph.AnalyzeMarket;

    public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
    {
        var tickers = OperationalGraph.Universe(options, state.Portfolio, state.Scope);
        var proposal = state.Scope is null && candidates is not null ? await candidates.ProposeAsync(tickers, state.Portfolio, ct) : null;
        state.Analysis = await analyzer.AnalyzeAsync(proposal is null ? tickers : [.. tickers, .. proposal.Tickers], ct);
        if (proposal is not null) state.Analysis = proposal.ApplyTo(state.Analysis);
        return NodeResult.Continue();
    }
}
