using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Core.Reflection.Fakes;

/// <summary>The broker's executed orders and period profit, or failures of either.</summary>
internal sealed class FakeBrokerAccount : IAccountReader
{
    public List<BrokerOrder> Orders { get; } = [];
    public Func<PeriodProfit>? Profit { get; set; }
    public Exception? OrdersFailure { get; set; }

    public static BrokerOrder Executed(DateOnly date, string ticker, Side side, long filled, decimal avg) =>
        new(date, new TimeOnly(10, 0), "01", Guid.NewGuid().ToString("N")[..10], null, ticker, ticker, side, "00", filled, avg, filled, avg,
            filled * avg, 0, 0, false);

    public Task<IReadOnlyList<BrokerOrder>> GetOrdersAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        OrdersFailure is { } e ? Task.FromException<IReadOnlyList<BrokerOrder>>(e)
            : Task.FromResult<IReadOnlyList<BrokerOrder>>([.. Orders.Where(o => o.OrderDate >= from && o.OrderDate <= to)]);

    public Task<PeriodProfit> GetPeriodProfitAsync(DateOnly from, DateOnly to, CancellationToken ct = default) =>
        Profit is null ? throw new NotSupportedException("inquire_period_profit is not available in paper trading") : Task.FromResult(Profit());

    public Task<AccountBalance> GetBalanceAsync(CancellationToken ct = default) => throw new NotSupportedException();
    public Task<BuyingPower> GetBuyingPowerAsync(string ticker, OrderPriceType type, decimal? price, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<SellableQuantity> GetSellableQuantityAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OpenOrders> GetOpenOrdersAsync(CancellationToken ct = default) => throw new NotSupportedException();
}

/// <summary>Daily bars per ticker; a ticker may fail.</summary>
internal sealed class FakeBars : IMarketData
{
    public Dictionary<string, List<Bar>> Bars { get; } = new(StringComparer.Ordinal);
    public HashSet<string> Failing { get; } = new(StringComparer.Ordinal);
    public int Calls;

    public void Add(string ticker, DateOnly date, decimal close)
    {
        if (!Bars.TryGetValue(ticker, out var list)) Bars[ticker] = list = [];
        list.Add(new Bar(new DateTimeOffset(date.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), close, close, close, close, 1000, close * 1000));
    }

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default)
    {
        Interlocked.Increment(ref Calls);
        if (Failing.Contains(ticker)) throw new HttpRequestException("EGW00201 too many requests");
        return Task.FromResult<IReadOnlyList<Bar>>([.. Bars.GetValueOrDefault(ticker, []).Where(b => b.Date >= from && b.Date <= to).OrderBy(b => b.Time)]);
    }

    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) => throw new NotSupportedException();
}
