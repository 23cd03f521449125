using KisTrader.Core.Execution;

namespace KisTrader.Core.Market.Candidates;

/// <summary>The latest full run's candidates. They join the trading universe the risk engine checks (through
/// <see cref="CandidateTradingUniverse"/>), so an order for one is judged like any other ticker's, and an order for a
/// ticker that is no longer a candidate (e.g. approved after a later run dropped it) is refused as outside the universe.</summary>
public sealed class ActiveCandidates
{
    private volatile IReadOnlyCollection<string> _tickers = [];

    public IReadOnlyCollection<string> Tickers => _tickers;

    public void Set(IEnumerable<string> tickers) => _tickers = [.. tickers.Distinct(StringComparer.Ordinal)];
}

/// <summary>The configured watchlist plus the active candidates.</summary>
public sealed class CandidateTradingUniverse(ITradingUniverse inner, ActiveCandidates candidates) : ITradingUniverse
{
    public IReadOnlyCollection<string> Watchlist => [.. inner.Watchlist.Concat(candidates.Tickers).Distinct(StringComparer.Ordinal)];
}
