using System.Collections.Concurrent;

namespace KisTrader.Core.Market;

/// <summary>The latest order book per ticker from the realtime feed (H0STASP0). Fed from the event bus; read by the
/// dashboard's order book and by <see cref="Execution.MarketablePricer"/> (the best ask and bid at send time).</summary>
public sealed class OrderBookCache
{
    private readonly ConcurrentDictionary<string, OrderBookSnapshot> _latest = new(StringComparer.Ordinal);

    public void Update(OrderBookSnapshot book) => _latest[book.Ticker] = book;

    public OrderBookSnapshot? Get(string ticker) => _latest.TryGetValue(ticker, out var b) ? b : null;
}
