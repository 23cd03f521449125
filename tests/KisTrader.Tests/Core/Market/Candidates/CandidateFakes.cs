using KisTrader.Core.Errors;
using KisTrader.Core.Events;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Core.Market.Candidates;

/// <summary>Rankings set by the test; counts the reads so caching can be proven. Every other call fails.</summary>
internal sealed class RankingMarketData : IMarketData
{
    public Dictionary<RankingKind, Ranking> Rankings { get; } = new();
    public int RankingReads;
    public Exception? Failure;

    public Task<Ranking> GetRankingAsync(RankingKind kind, int count = 30, CancellationToken ct = default)
    {
        Interlocked.Increment(ref RankingReads);
        if (Failure is not null) throw Failure;
        return Task.FromResult(Rankings.TryGetValue(kind, out var r) ? r : new Ranking(kind, DataSource.Broker, []));
    }

    public static RankingEntry Entry(int rank, string ticker, string name = "종목", decimal price = 50_000m, decimal change = 3m, long volume = 1_000_000) =>
        new(rank, ticker, name, price, price * change / 100m, change, volume, 0m);

    public Task<Quote> GetQuoteAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<string?> GetNameAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<RecentTrade>> GetRecentTradesAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetBarsAsync(string ticker, DateOnly from, DateOnly to, BarPeriod period = BarPeriod.Day, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<IReadOnlyList<Bar>> GetMinuteBarsAsync(string ticker, TimeOnly until, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<OrderBookSnapshot> GetOrderBookAsync(string ticker, CancellationToken ct = default) => throw new NotSupportedException();
}

/// <summary>A model that answers the probabilities the test sets (and nothing for other tickers); or no model at all.</summary>
internal sealed class TableScorer(IReadOnlyDictionary<string, decimal>? probabilities, string? unavailable = null) : IMlSignalScorer
{
    public List<IReadOnlyCollection<string>> Asked { get; } = [];

    public Task<MlScores> ScoreAsync(IReadOnlyCollection<string> tickers, DateTimeOffset asOf, CancellationToken ct = default)
    {
        Asked.Add(tickers);
        if (probabilities is null) return Task.FromResult(MlScores.None(unavailable ?? "no active model"));
        var known = tickers.Where(probabilities.ContainsKey).ToDictionary(t => t, t => probabilities[t], StringComparer.Ordinal);
        return Task.FromResult(new MlScores("up5d-1pct", "7", known, null));
    }
}

/// <summary>A realtime feed that keeps subscriptions as the KIS session does: 40 trade plus order-book registrations at
/// most, refusing a request that would exceed them (nothing is added then).</summary>
internal sealed class BudgetFeed : IRealtimeFeed
{
    private readonly HashSet<string> _trades = new(StringComparer.Ordinal);
    private readonly HashSet<string> _books = new(StringComparer.Ordinal);

    public FeedState State => FeedState.Connected;
    public IReadOnlyCollection<string> TradeSubscriptions => [.. _trades];
    public IReadOnlyCollection<string> OrderBookSubscriptions => [.. _books];
    public List<string> Unsubscribed { get; } = [];

    public Task SubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default) => Add(_trades, tickers);
    public Task SubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default) => Add(_books, tickers);

    public Task UnsubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default)
    {
        foreach (var t in tickers)
            if (_trades.Remove(t)) Unsubscribed.Add(t);
        return Task.CompletedTask;
    }

    public Task UnsubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default)
    {
        _books.ExceptWith(tickers);
        return Task.CompletedTask;
    }

    private Task Add(HashSet<string> set, IEnumerable<string> tickers)
    {
        var fresh = tickers.Where(t => !set.Contains(t)).Distinct().ToList();
        if (_trades.Count + _books.Count + fresh.Count > 40) throw new TradingSystemException($"{_trades.Count + _books.Count + fresh.Count} requested, 40 allowed");
        set.UnionWith(fresh);
        return Task.CompletedTask;
    }
}
