using KisTrader.Core.Market;

namespace KisTrader.Core.Ml.Live;

/// <summary>Puts the ML signal into a market analysis: each scored ticker's <see cref="TickerAnalysis.MlProbability"/>,
/// and the signal and model version on the analysis (null when nothing was scored). Scored as of the analysis's own
/// instant, so the features are those of the last session closed before it.</summary>
public static class MlAnalysisScoring
{
    public static async Task<MarketAnalysis> WithMlScoresAsync(this IMlSignalScorer scorer, MarketAnalysis analysis, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(scorer);
        ArgumentNullException.ThrowIfNull(analysis);
        if (analysis.Tickers.Count == 0) return analysis;
        var scores = await scorer.ScoreAsync([.. analysis.Tickers.Select(t => t.Ticker)], analysis.TakenAt, ct).ConfigureAwait(false);
        return Apply(analysis, scores);
    }

    public static MarketAnalysis Apply(MarketAnalysis analysis, MlScores scores)
    {
        ArgumentNullException.ThrowIfNull(analysis);
        ArgumentNullException.ThrowIfNull(scores);
        if (scores.ModelVersion is null) return analysis with { MlSignal = null, MlModelVersion = null };
        return analysis with
        {
            Tickers = [.. analysis.Tickers.Select(t => t with { MlProbability = scores.Probabilities.TryGetValue(t.Ticker, out var p) ? p : null })],
            MlSignal = scores.Signal,
            MlModelVersion = scores.ModelVersion,
        };
    }
}
