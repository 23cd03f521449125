using KisTrader.Core.Market;

namespace KisTrader.Core.Ports;

/// <summary>Prices and history from the broker.</summary>
public interface IMarketData
{
    Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default);

    /// <summary>The instrument's display name, or null when the broker does not say.</summary>
    Task<string?> GetNameAsync(string ticker, CancellationToken ct = default);

    /// <summary>The most recent executions (about 30), newest first.</summary>
    Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default);

    /// <summary>Bars for any date range, oldest first (the client pages through the broker's 100-row windows).</summary>
    Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default);

    /// <summary>Today's one-minute bars up to <paramref name="until"/> (KST), oldest first.</summary>
    Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default);

    Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default);

    Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default);
}
