using KisTrader.Core.Trades;

namespace KisTrader.Core.Reflection;

/// <summary>What FIFO matching found: the round trips, the bought shares still open (lot by lot, oldest first) and
/// the sold shares no recorded buy covers (bought before the look-back, or outside KisTrader).</summary>
public sealed record RoundTripMatch(
    IReadOnlyList<RoundTrip> RoundTrips,
    IReadOnlyList<OpenLot> OpenLots,
    IReadOnlyDictionary<string, long> UnmatchedSoldQuantities)
{
    public IReadOnlyDictionary<string, long> OpenQuantities =>
        OpenLots.GroupBy(l => l.Ticker, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.Sum(l => l.Quantity), StringComparer.Ordinal);
}

/// <summary>Shares of one buy not yet sold.</summary>
public sealed record OpenLot(string Ticker, string BuyTradeId, long Quantity, decimal Price, DateTimeOffset BoughtAt);

/// <summary>
/// Matches sells to buys first-in first-out per ticker. A lot sold in parts, or a sell closing several lots, makes one
/// round trip per matched piece. Each leg's costs (commission on both legs, the sell tax of the sell's date) are
/// computed on the whole trade, as the broker charges them, and shared among its pieces pro rata by quantity, rounded
/// to 0.01 KRW, so the pieces of a trade add up to its costs within rounding.
/// </summary>
public sealed class RoundTripMatcher(TradeCostModel? costs = null)
{
    private readonly TradeCostModel _costs = costs ?? new TradeCostModel();

    public RoundTripMatch Match(IEnumerable<TradeRecord> trades)
    {
        var roundTrips = new List<RoundTrip>();
        var unmatched = new Dictionary<string, long>(StringComparer.Ordinal);
        var open = new Dictionary<string, LinkedList<Lot>>(StringComparer.Ordinal);

        // Oldest first. Fill times come to the second (KIS notices say HHmmss), so a buy, the sell that closes it and a
        // new buy of the same name can share a timestamp: at a tie the order they were created in decides (the sell was
        // decided after its buy, the new buy after the sell; ordering those by id once closed the sell against the new
        // buy). Rows recorded without a creation time fall back to the buy first (a sell is never left unmatched by the
        // order of the store's rows); the id breaks the remaining ties.
        foreach (var t in trades.OrderBy(t => t.Timestamp).ThenBy(t => t.OrderedAt ?? t.Timestamp)
                     .ThenBy(t => t.Action == TradeAction.Buy ? 0 : 1).ThenBy(t => t.TradeId, StringComparer.Ordinal))
        {
            if (t.Quantity <= 0) continue;
            if (!open.TryGetValue(t.Ticker, out var lots)) open[t.Ticker] = lots = new LinkedList<Lot>();
            if (t.Action == TradeAction.Buy)
            {
                lots.AddLast(new Lot(t, t.Quantity, _costs.Commission(t)));
                continue;
            }

            var sellCommission = _costs.Commission(t);
            var sellTax = _costs.SellTax(t);
            var left = t.Quantity;
            while (left > 0 && lots.First is { } node)
            {
                var lot = node.Value;
                var q = Math.Min(left, lot.Remaining);
                var cost = Share(lot.Commission, q, lot.Buy.Quantity) + Share(sellCommission + sellTax, q, t.Quantity);
                var gross = (t.Price - lot.Buy.Price) * q;
                var net = gross - cost;
                var entryValue = lot.Buy.Price * q;
                roundTrips.Add(new RoundTrip(t.Ticker, lot.Buy.TradeId, t.TradeId, q, lot.Buy.Price, t.Price, lot.Buy.Timestamp, t.Timestamp,
                    gross, cost, net, entryValue > 0 ? Math.Round(net / entryValue * 100m, 2) : 0m));
                lot.Remaining -= q;
                left -= q;
                if (lot.Remaining == 0) lots.RemoveFirst();
            }
            if (left > 0) unmatched[t.Ticker] = unmatched.GetValueOrDefault(t.Ticker) + left;
        }

        var openLots = open.Values.SelectMany(l => l)
            .Select(l => new OpenLot(l.Buy.Ticker, l.Buy.TradeId, l.Remaining, l.Buy.Price, l.Buy.Timestamp))
            .OrderBy(l => l.BoughtAt).ThenBy(l => l.BuyTradeId, StringComparer.Ordinal)
            .ToList();
        return new RoundTripMatch(roundTrips, openLots, unmatched);
    }

    private static decimal Share(decimal cost, long quantity, long of) =>
        quantity == of ? cost : Math.Round(cost * quantity / of, 2, MidpointRounding.AwayFromZero);

    private sealed class Lot(TradeRecord buy, long remaining, decimal commission)
    {
        public TradeRecord Buy { get; } = buy;
        public long Remaining { get; set; } = remaining;
        public decimal Commission { get; } = commission;
    }
}
