using KisTrader.Core.Market;

namespace KisTrader.Core.Exchange;

/// <summary>
/// KRX price-time matching over one <see cref="OrderBook"/> per ticker, with partial fills. The
/// simulator and the backtester both fill orders here, so both fill the same way. Thread-safe.
/// </summary>
public sealed class MatchingEngine(TimeProvider time)
{
    private readonly Dictionary<string, OrderBook> _books = new(StringComparer.Ordinal);
    private readonly HashSet<string> _seenOrderIds = new(StringComparer.Ordinal);
    private readonly Lock _gate = new();

    public OrderBook Book(string ticker, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock)
    {
        lock (_gate)
        {
            if (!_books.TryGetValue(ticker, out var book)) _books[ticker] = book = new OrderBook(ticker, market, kind);
            return book;
        }
    }

    /// <summary>Sets the base price of the day: the daily limits follow from it.</summary>
    public void OpenDay(string ticker, decimal basePrice, DateOnly date)
    {
        lock (_gate)
        {
            var book = Book(ticker);
            book.TradingDate = date;
            book.Limits = KrxRules.DailyLimits(basePrice, book.Market, book.Kind, date);
        }
    }

    public MatchResult Submit(ExchangeOrder order)
    {
        lock (_gate)
        {
            // An order id is used once, ever: a resubmitted order must never trade twice.
            if (!_seenOrderIds.Add(order.OrderId)) return MatchResult.Rejected(order.OrderId, OrderRejectReason.DuplicateOrderId);
            return Book(order.Ticker).Submit(order, time.GetUtcNow());
        }
    }

    public MatchResult Cancel(string ticker, string orderId)
    {
        lock (_gate) return Book(ticker).Cancel(orderId);
    }

    public MatchResult Amend(string ticker, string orderId, long newQuantity, decimal newPrice)
    {
        lock (_gate) return Book(ticker).Amend(orderId, newQuantity, newPrice, time.GetUtcNow());
    }

    public (IReadOnlyList<(decimal Price, long Quantity)> Bids, IReadOnlyList<(decimal Price, long Quantity)> Asks) Depth(string ticker, int levels = 10)
    {
        lock (_gate) return Book(ticker).Depth(levels);
    }
}
