using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>The ML probabilities a backtest's market analysis carries (<see cref="TickerAnalysis.MlProbability"/>), as the
/// live scorer would have given them: a score computed at a session's close and acted on after it, so an answer for a
/// decision at <c>decisionTime</c> may only come from features up to the last close at or before it.</summary>
public interface IBacktestMlSignal
{
    /// <summary>The probability (0..1) for <paramref name="ticker"/> known at <paramref name="decisionTime"/>, or null
    /// when there is none (the ticker then has no ML probability in that analysis).</summary>
    decimal? ProbabilityAt(string ticker, DateTimeOffset decisionTime);
}

/// <summary>The backtest's analyzer with the ML probabilities added to each ticker, and each analysis shown to an
/// observer (a caller scoring what the rules engine saw) before the graph decides on it.</summary>
internal sealed class MlScoredAnalyzer(IMarketAnalyzer inner, IBacktestMlSignal? signal, Action<MarketAnalysis>? observer, TimeProvider clock)
    : IMarketAnalyzer
{
    public async Task<MarketAnalysis> AnalyzeAsync(IReadOnlyCollection<string> tickers, CancellationToken ct = default)
    {
        var analysis = await inner.AnalyzeAsync(tickers, ct).ConfigureAwait(false);
        if (signal is not null)
        {
            var now = clock.GetUtcNow();
            analysis = analysis with
            {
                Tickers = [.. analysis.Tickers.Select(t => t with { MlProbability = signal.ProbabilityAt(t.Ticker, now) })],
            };
        }
        observer?.Invoke(analysis);
        return analysis;
    }
}
