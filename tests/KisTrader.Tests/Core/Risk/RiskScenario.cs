using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;

namespace KisTrader.Tests.Core.Risk;

/// <summary>A small account for risk tests: 9,000,000 KRW cash and 10 × 005930 at 100,000 (equity 10,000,000),
/// 000660 quoted at 20,000 and not held. Limits are set per test.</summary>
internal static class RiskScenario
{
    public const string Held = "005930";
    public const string Other = "000660";
    public static readonly DateTimeOffset Now = new(2026, 11, 18, 10, 0, 0, KoreaTime.Offset);

    public static readonly RiskLimits Loose = new()
    {
        MaxTickerWeightPercent = 100m,
        MaxOrderValueKrw = 1_000_000_000m,
        MaxOrdersPerDay = 100,
        DailyLossLimitPercent = 50m,
        WeeklyLossLimitPercent = 50m,
        MinCashReservePercent = 0m,
    };

    public static RiskEngine Engine(RiskLimits? limits = null, decimal commissionRate = 0m) =>
        new(limits ?? Loose, new TradingCosts(commissionRate));

    public static PortfolioSnapshot Portfolio(decimal cash = 9_000_000m, long held = 10, long sellable = 10)
    {
        var value = held * 100_000m;
        var equity = cash + value;
        var positions = held > 0
            ? new List<Position> { new(Held, "Samsung", held, sellable, 90_000m, 100_000m, value, value / equity * 100m, 0m, 0m) }
            : [];
        return new PortfolioSnapshot(Now, cash, equity, cash / equity * 100m, 0m, positions);
    }

    public static Quote Quote(string ticker, decimal price, decimal lower, decimal upper, decimal tick) =>
        new(ticker, ticker, price, 0m, 0m, price, price, price, 1000, price * 1000, price, upper, lower, tick, Now);

    public static RiskContext Context(
        PortfolioSnapshot? portfolio = null,
        TradingMode mode = TradingMode.Active,
        int sentToday = 0,
        decimal? dayStart = null,
        decimal? weekStart = null,
        IStrategyRules? rules = null,
        MarketAnalysis? analysis = null,
        IReadOnlyDictionary<string, Quote>? quotes = null)
    {
        var p = portfolio ?? Portfolio();
        return new RiskContext(
            new TradingModeState(mode, "test", "tester", Now),
            p,
            quotes ?? new Dictionary<string, Quote>
            {
                [Held] = Quote(Held, 100_000m, 70_000m, 130_000m, 100m),
                [Other] = Quote(Other, 20_000m, 14_000m, 26_000m, 50m),
            },
            analysis,
            sentToday,
            dayStart ?? p.TotalEquity,
            weekStart ?? p.TotalEquity,
            rules ?? NoStrategyRules.Instance,
            new HashSet<string> { Held, Other },
            Now);
    }

    public static PlannedOrder Buy(string ticker, long qty, decimal? price) =>
        new(ticker, Side.Buy, qty, price is null ? OrderPriceType.Market : OrderPriceType.Limit, price, "test", 0.5m);

    public static PlannedOrder Sell(string ticker, long qty, decimal? price) =>
        new(ticker, Side.Sell, qty, price is null ? OrderPriceType.Market : OrderPriceType.Limit, price, "test", 0.5m);

    public static MarketAnalysis Analysis(bool stale) =>
        new(Now, stale ? FeedState.Stale : FeedState.Connected, stale, stale ? "no ticks for 90 s" : null, [], [], [], 0m);
}

internal sealed class FixedRule(RuleMatch? match) : IStrategyRules
{
    public RuleMatch? Match(PlannedOrder order, RuleFeatures features) => match;
}
