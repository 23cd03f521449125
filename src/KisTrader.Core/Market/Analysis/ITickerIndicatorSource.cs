namespace KisTrader.Core.Market.Analysis;

/// <summary>Where <see cref="MarketAnalyzer"/> gets one ticker's indicators: from the completed daily bars before
/// <c>today</c> plus today's live bar. Live, <see cref="LiveTickerIndicators"/> fetches the history (cached per day) and
/// runs <see cref="TickerIndicators.Compute"/>; a backtest reads the same values from the whole history it already holds
/// (<c>Backtesting.BarHistoryIndicators</c>). The result must also be an <see cref="IReadOnlyDictionary{TKey,TValue}"/>
/// (the analysis exposes it read-only); the analyzer adds the quote's extra keys to it.</summary>
public interface ITickerIndicatorSource
{
    Task<IDictionary<string, decimal>> ComputeAsync(string ticker, DateOnly today, Bar todayBar, CancellationToken ct);
}

/// <summary>The live source: daily history from <see cref="Ports.IMarketData"/> (fetched once per ticker per day), then
/// <see cref="TickerIndicators.Compute"/>. A failed fetch leaves the indicators that need history absent.</summary>
public sealed class LiveTickerIndicators(DailyHistoryCache history) : ITickerIndicatorSource
{
    public async Task<IDictionary<string, decimal>> ComputeAsync(string ticker, DateOnly today, Bar todayBar, CancellationToken ct)
    {
        IReadOnlyList<Bar> bars;
        try
        {
            bars = await history.GetAsync(ticker, today, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Without history the ticker still has its live numbers; indicators are simply absent.
            bars = [];
        }
        return TickerIndicators.Compute(bars, todayBar);
    }
}
