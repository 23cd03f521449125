namespace KisTrader.Core.Execution;

/// <summary>The tickers the system may trade besides its holdings (the configured watchlist).</summary>
public interface ITradingUniverse
{
    IReadOnlyCollection<string> Watchlist { get; }
}

public sealed class StaticTradingUniverse(IEnumerable<string> watchlist) : ITradingUniverse
{
    public IReadOnlyCollection<string> Watchlist { get; } = [.. watchlist];
}
