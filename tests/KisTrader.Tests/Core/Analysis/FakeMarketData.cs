using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Core.Analysis;

/// <summary>Fixed daily bars and quotes per ticker; counts history calls so caching can be proven.</summary>
internal sealed class FakeMarketData : IMarketData
{
    public Dictionary<string, IReadOnlyList<Bar>> Bars { get; } = new();
    public Dictionary<string, Quote> Quotes { get; } = new();
    public int BarCalls;
    public int QuoteCalls;

    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default)
    {
        Interlocked.Increment(ref BarCalls);
        var bars = Bars.TryGetValue(ticker, out var b) ? b : [];
        return Task.FromResult<IReadOnlyList<Bar>>(bars.Where(x => x.Date >= from && x.Date <= to).ToList());
    }

    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default)
    {
        Interlocked.Increment(ref QuoteCalls);
        return Quotes.TryGetValue(ticker, out var q) ? Task.FromResult(q) : throw new InvalidOperationException("no quote for " + ticker);
    }

    /// <summary>Flat history: close 10,000, high 10,100, low 9,900, volume 100,000, one bar per weekday before <paramref name="today"/>.</summary>
    public static IReadOnlyList<Bar> FlatHistory(DateOnly today, int count, decimal close = 10_000m, long volume = 100_000)
    {
        var bars = new List<Bar>();
        var d = today.AddDays(-1);
        while (bars.Count < count)
        {
            if (d.DayOfWeek is not (DayOfWeek.Saturday or DayOfWeek.Sunday))
                bars.Add(new Bar(new DateTimeOffset(d.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), close, close + 100, close - 100, close, volume, close * volume));
            d = d.AddDays(-1);
        }
        bars.Reverse();
        return bars;
    }

    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => Task.FromResult<string?>(null);
    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default) => throw new NotSupportedException();
}
