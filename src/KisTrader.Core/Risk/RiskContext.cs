using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Risk;

/// <summary>Everything the risk engine needs to judge orders now. Built fresh for every check (prices move), by the
/// graph before a plan and by <c>OrderGateway</c> again right before sending.</summary>
public sealed record RiskContext(
    TradingModeState Mode,
    PortfolioSnapshot Portfolio,
    // Latest quotes by ticker (daily limits, tick size, price).
    IReadOnlyDictionary<string, Quote> Quotes,
    MarketAnalysis? Analysis,
    // Orders already sent today (KST), from our ledger.
    int OrdersSentToday,
    decimal EquityAtDayStart,
    decimal EquityAtWeekStart,
    IStrategyRules Rules,
    // The tickers that may be traded (watchlist plus holdings).
    IReadOnlySet<string> Universe,
    DateTimeOffset Now)
{
    /// <summary>Value of our buys that are placed (or may be) but not yet filled, by ticker, at their limit (or the
    /// upper limit for market-type buys): shares the broker's holdings do not show yet but that count toward the weight.</summary>
    public IReadOnlyDictionary<string, decimal> OpenBuyValue { get; init; } = new Dictionary<string, decimal>(StringComparer.Ordinal);
}
