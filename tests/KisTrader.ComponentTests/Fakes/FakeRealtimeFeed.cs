using KisTrader.Core.Errors;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

/// <summary>The feed's order-book subscriptions, with a slot limit like the real session's.</summary>
public sealed class FakeRealtimeFeed : IRealtimeFeed
{
    private readonly HashSet<string> books = new(StringComparer.Ordinal);
    public int FreeSlots { get; set; } = 40;

    public FeedState State => FeedState.Connected;
    public IReadOnlyCollection<string> TradeSubscriptions => [];
    public IReadOnlyCollection<string> OrderBookSubscriptions => books;

    public Task SubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default) => Task.CompletedTask;
    public Task UnsubscribeTradesAsync(IEnumerable<string> tickers, CancellationToken ct = default) => Task.CompletedTask;

    public Task SubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default)
    {
        foreach (var t in tickers)
        {
            if (FreeSlots == 0) throw new TradingSystemException("no realtime slot free");
            FreeSlots--;
            books.Add(t);
        }
        return Task.CompletedTask;
    }

    public Task UnsubscribeOrderBookAsync(IEnumerable<string> tickers, CancellationToken ct = default)
    {
        foreach (var t in tickers)
            if (books.Remove(t)) FreeSlots++;
        return Task.CompletedTask;
    }
}
