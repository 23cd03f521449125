using System.Collections.Concurrent;
using KisTrader.Core.Market;

namespace KisTrader.Web.Live;

/// <summary>The latest order book per ticker from the realtime feed.</summary>
public sealed class OrderBookCache
{
    private readonly ConcurrentDictionary<string, OrderBookSnapshot> _latest = new(StringComparer.Ordinal);

    public void Update(OrderBookSnapshot book) => _latest[book.Ticker] = book;

    public OrderBookSnapshot? Get(string ticker) => _latest.TryGetValue(ticker, out var b) ? b : null;
}
