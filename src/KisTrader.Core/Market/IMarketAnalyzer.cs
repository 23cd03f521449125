namespace KisTrader.Core.Market;

/// <summary>Builds the graph's market analysis from the realtime cache (REST only for what the feed lacks) and daily history.</summary>
public interface IMarketAnalyzer
{
    Task<MarketAnalysis> AnalyzeAsync(IReadOnlyCollection<string> tickers, CancellationToken ct = default);
}
