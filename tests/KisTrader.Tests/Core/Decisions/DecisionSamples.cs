using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Portfolio;

namespace KisTrader.Tests.Core.Decisions;

/// <summary>Builders for decision inputs: 10,000,000 KRW equity by default, a small universe, a fresh analysis.</summary>
internal static class DecisionSamples
{
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 11, 0, 0, KoreaTime.Offset);

    public static TickerAnalysis Ticker(string ticker, decimal price, decimal changeRate = 0m, decimal surge = 1m,
        decimal? rsi = 50m, decimal? sma60 = null, decimal? high20 = null, decimal? sma20 = null, decimal? upper = null, decimal? lower = null)
    {
        var ind = new Dictionary<string, decimal>();
        if (rsi is { } r) ind["rsi14"] = r;
        if (sma60 is { } s60) ind["sma60"] = s60;
        if (sma20 is { } s20) ind["sma20"] = s20;
        if (high20 is { } h) ind["high_20d"] = h;
        if (upper is { } u) ind["upper_limit"] = u;
        if (lower is { } l) ind["lower_limit"] = l;
        return new TickerAnalysis(ticker, price, changeRate, 100_000, 100m, surge, ind, Now.AddSeconds(-3));
    }

    public static MarketAnalysis Snapshot(params TickerAnalysis[] tickers) =>
        new(Now, FeedState.Connected, false, null, tickers, [], [], 0m);

    public static Position Held(string ticker, long quantity, decimal average, decimal price, decimal equity = 10_000_000m, long? sellable = null)
    {
        var value = quantity * price;
        return new Position(ticker, ticker, quantity, sellable ?? quantity, average, price, value, Math.Round(value / equity * 100m, 2),
            (price - average) * quantity, average > 0 ? Math.Round((price / average - 1) * 100m, 2) : 0m);
    }

    public static PortfolioSnapshot Portfolio(decimal cash, params Position[] positions)
    {
        var equity = cash + positions.Sum(p => p.Value);
        return new PortfolioSnapshot(Now, cash, equity, Math.Round(cash / equity * 100m, 2), positions.Sum(p => p.UnrealizedPnl), positions);
    }

    public static DecisionInput Input(PortfolioSnapshot portfolio, MarketAnalysis analysis, params string[] universe) =>
        new(portfolio, analysis, universe.Length > 0 ? universe : analysis.Tickers.Select(t => t.Ticker).ToList(), Now);
}
