using KisTrader.Core.Market;

namespace KisTrader.Core.Exchange;

/// <summary>
/// One ticker's limit order book with KRX price-time priority: the best price first, then the
/// earliest order at that price. Fills happen at the resting order's price. Not thread-safe:
/// <see cref="MatchingEngine"/> serialises access.
/// </summary>
public sealed class OrderBook(string ticker, KrxMarket market = KrxMarket.Kospi, InstrumentKind kind = InstrumentKind.Stock)
{
    private sealed class Resting(ExchangeOrder order, long remaining)
    {
        public ExchangeOrder Order { get; set; } = order;
        public long Remaining { get; set; } = remaining;
    }

    // Bids best (highest) first, asks best (lowest) first.
    private readonly SortedDictionary<decimal, LinkedList<Resting>> _bids = new(Comparer<decimal>.Create((a, b) => b.CompareTo(a)));
    private readonly SortedDictionary<decimal, LinkedList<Resting>> _asks = new();
    private readonly Dictionary<string, (Resting Entry, LinkedListNode<Resting> Node)> _byId = new(StringComparer.Ordinal);

    public string Ticker { get; } = ticker;
    public KrxMarket Market { get; } = market;
    public InstrumentKind Kind { get; } = kind;
    public PriceLimits? Limits { get; set; }
    public DateOnly? TradingDate { get; set; }

    public decimal? BestBid => _bids.Count > 0 ? _bids.First().Key : null;
    public decimal? BestAsk => _asks.Count > 0 ? _asks.First().Key : null;

    public bool Contains(string orderId) => _byId.ContainsKey(orderId);

    public long RestingQuantity(string orderId) => _byId.TryGetValue(orderId, out var e) ? e.Entry.Remaining : 0;

    /// <summary>Up to <paramref name="levels"/> price levels per side with their total quantity, best first.</summary>
    public (IReadOnlyList<(decimal Price, long Quantity)> Bids, IReadOnlyList<(decimal Price, long Quantity)> Asks) Depth(int levels = 10) =>
        ([.. _bids.Take(levels).Select(l => (l.Key, l.Value.Sum(r => r.Remaining)))],
         [.. _asks.Take(levels).Select(l => (l.Key, l.Value.Sum(r => r.Remaining)))]);

    public MatchResult Submit(ExchangeOrder order, DateTimeOffset now)
    {
        // A resting order's id is taken whatever the new order's type; reusing it would orphan the first.
        var reject = _byId.ContainsKey(order.OrderId) ? OrderRejectReason.DuplicateOrderId : Validate(order);
        if (reject != OrderRejectReason.None) return MatchResult.Rejected(order.OrderId, reject);

        var fills = Match(order, order.Quantity, now, out var remaining);
        if (remaining == 0) return new MatchResult(order.OrderId, OrderRejectReason.None, fills, 0, 0);
        if (order.Type == ExchangeOrderType.Market)
            return new MatchResult(order.OrderId, OrderRejectReason.None, fills, 0, remaining);
        Rest(order, remaining);
        return new MatchResult(order.OrderId, OrderRejectReason.None, fills, remaining, 0);
    }

    public MatchResult Cancel(string orderId)
    {
        if (!_byId.TryGetValue(orderId, out var e)) return MatchResult.Rejected(orderId, OrderRejectReason.UnknownOrder);
        Remove(e.Entry, e.Node);
        return new MatchResult(orderId, OrderRejectReason.None, [], 0, e.Entry.Remaining);
    }

    /// <summary>
    /// Changes price and/or quantity of a resting order. Lowering only the quantity keeps its time
    /// priority; a new price or a larger quantity re-queues it (and may fill at once).
    /// </summary>
    public MatchResult Amend(string orderId, long newQuantity, decimal newPrice, DateTimeOffset now)
    {
        if (!_byId.TryGetValue(orderId, out var e)) return MatchResult.Rejected(orderId, OrderRejectReason.UnknownOrder);
        var old = e.Entry.Order;
        if (newQuantity == e.Entry.Remaining && newPrice == old.LimitPrice) return MatchResult.Rejected(orderId, OrderRejectReason.NothingToAmend);
        var amended = old with { Quantity = newQuantity, LimitPrice = newPrice, Type = ExchangeOrderType.Limit };
        var reject = Validate(amended);
        if (reject != OrderRejectReason.None) return MatchResult.Rejected(orderId, reject);
        if (newPrice == old.LimitPrice && newQuantity < e.Entry.Remaining)
        {
            var cancelled = e.Entry.Remaining - newQuantity;
            e.Entry.Remaining = newQuantity;
            e.Entry.Order = amended;
            return new MatchResult(orderId, OrderRejectReason.None, [], newQuantity, cancelled);
        }
        Remove(e.Entry, e.Node);
        var fills = Match(amended, newQuantity, now, out var remaining);
        if (remaining > 0) Rest(amended, remaining);
        return new MatchResult(orderId, OrderRejectReason.None, fills, remaining, 0);
    }

    private OrderRejectReason Validate(ExchangeOrder order)
    {
        if (order.Quantity <= 0) return OrderRejectReason.InvalidQuantity;
        if (order.Type == ExchangeOrderType.Market) return OrderRejectReason.None;
        if (order.LimitPrice is not { } price) return OrderRejectReason.MissingLimitPrice;
        if (!KrxRules.IsOnTick(price, Market, Kind, TradingDate)) return OrderRejectReason.OffTick;
        if (Limits is { } limits && !limits.Contains(price)) return OrderRejectReason.OutsideDailyLimits;
        return OrderRejectReason.None;
    }

    private List<MatchFill> Match(ExchangeOrder order, long quantity, DateTimeOffset now, out long remaining)
    {
        var fills = new List<MatchFill>();
        var opposite = order.Side == Side.Buy ? _asks : _bids;
        remaining = quantity;
        while (remaining > 0 && opposite.Count > 0)
        {
            var level = opposite.First();
            if (!Crosses(order, level.Key)) break;
            var queue = level.Value;
            while (remaining > 0 && queue.First is { } node)
            {
                var resting = node.Value;
                var qty = Math.Min(remaining, resting.Remaining);
                var (buy, sell) = order.Side == Side.Buy ? (order, resting.Order) : (resting.Order, order);
                fills.Add(new MatchFill(Ticker, buy.OrderId, sell.OrderId, buy.Account, sell.Account, level.Key, qty, order.Side, now));
                remaining -= qty;
                resting.Remaining -= qty;
                if (resting.Remaining == 0) Remove(resting, node);
            }
        }
        return fills;
    }

    private bool Crosses(ExchangeOrder order, decimal restingPrice)
    {
        if (order.Type == ExchangeOrderType.Market)
            return Limits is not { } l || l.Contains(restingPrice);
        return order.Side == Side.Buy ? restingPrice <= order.LimitPrice : restingPrice >= order.LimitPrice;
    }

    private void Rest(ExchangeOrder order, long remaining)
    {
        var side = order.Side == Side.Buy ? _bids : _asks;
        var price = order.LimitPrice!.Value;
        if (!side.TryGetValue(price, out var queue)) side[price] = queue = new LinkedList<Resting>();
        var entry = new Resting(order, remaining);
        _byId[order.OrderId] = (entry, queue.AddLast(entry));
    }

    private void Remove(Resting entry, LinkedListNode<Resting> node)
    {
        var side = entry.Order.Side == Side.Buy ? _bids : _asks;
        var price = entry.Order.LimitPrice!.Value;
        var queue = node.List!;
        queue.Remove(node);
        if (queue.Count == 0) side.Remove(price);
        _byId.Remove(entry.Order.OrderId);
    }
}
