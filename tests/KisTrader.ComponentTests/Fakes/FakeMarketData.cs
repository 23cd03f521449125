using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

/// <summary>Rankings, names, daily bars and order books; quotes, trades and minute bars are not used by the pages under test.</summary>
public sealed class FakeMarketData : IMarketData
{
    public List<RankingKind> RankingsAsked { get; } = [];
    public Exception? Fail { get; set; }
    public Dictionary<string, IReadOnlyList<Bar>> Bars { get; } = [];
    public List<(string Ticker, DateOnly From, DateOnly To)> BarsAsked { get; } = [];
    public Dictionary<string, OrderBookSnapshot> Books { get; } = [];
    public List<string> BooksAsked { get; } = [];

    public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default)
    {
        RankingsAsked.Add(kind);
        if (Fail is { } e) return Task.FromException<Ranking>(e);
        var entries = Enumerable.Range(1, 3).Select(i => new RankingEntry(i, $"00{i}000", $"name {i}", 1_000m * i, kind == RankingKind.Losers ? -10m : 10m, 1m, 100L * i, 0m)).ToList();
        return Task.FromResult(new Ranking(kind, DataSource.Computed, entries));
    }

    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => Task.FromResult<string?>(null);
    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default)
    {
        BarsAsked.Add((ticker, from, to));
        if (Fail is { } e) return Task.FromException<IReadOnlyList<Bar>>(e);
        return Task.FromResult<IReadOnlyList<Bar>>(Bars.TryGetValue(ticker, out var bars) ? bars : []);
    }
    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default)
    {
        BooksAsked.Add(ticker);
        if (Fail is { } e) return Task.FromException<OrderBookSnapshot>(e);
        return Task.FromResult(Books.TryGetValue(ticker, out var book) ? book : throw new InvalidOperationException("no book for " + ticker));
    }
}
