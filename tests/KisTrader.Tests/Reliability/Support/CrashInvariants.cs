namespace KisTrader.Tests.Reliability.Support;

/// <summary>What a crash must never do to the order path, checked between our ledger and the broker:
/// <list type="number">
/// <item>no duplicate order at the broker: no broker order is a resend of a ledger order that already has one, and no
/// run sent one planned order twice;</item>
/// <item>no broker order missing from our ledger;</item>
/// <item>no trade record lost: every final ledger order with fills has its <c>trades</c> row with the filled quantity,
/// and its filled quantity is the sum of its fills;</item>
/// <item>our positions (the sum of our fills) equal the broker's holdings (only at a quiet moment);</item>
/// <item>no order left Intent/Unknown once reconciliation has run over it.</item>
/// </list></summary>
internal static class CrashInvariants
{
    /// <summary>A resend looks like the original: same ticker, side and quantity, moments apart.</summary>
    private static readonly TimeSpan ResendWindow = TimeSpan.FromSeconds(30);

    /// <param name="reconciledBefore">Ledger orders last changed before this (UTC) have been through reconciliation.</param>
    /// <param name="placedBefore">Broker orders placed before this (UTC) have been through reconciliation.</param>
    /// <param name="tradesBefore">Final ledger orders last changed before this (UTC) must have their trade record.</param>
    /// <param name="quiet">Nothing is in flight: fills and positions must agree exactly.</param>
    public static InvariantReport Check(LedgerSnapshot ledger, BrokerSnapshot broker, DateTime reconciledBefore, DateTime placedBefore, DateTime tradesBefore, bool quiet)
    {
        var report = new InvariantReport();
        var claimed = new Dictionary<string, LedgerRow>(StringComparer.Ordinal);
        foreach (var o in ledger.Orders.Where(o => o.BrokerOrderNo is not null))
            if (!claimed.TryAdd(BrokerOrderRow.Normalize(o.BrokerOrderNo!), o))
                report.Duplicates.Add($"broker order {o.BrokerOrderNo} is claimed by ledger orders {claimed[BrokerOrderRow.Normalize(o.BrokerOrderNo!)].OrderId} and {o.OrderId}");

        // (1) one planned order, one broker order: a run never has two orders of one ticker and side at the broker.
        foreach (var g in ledger.Orders.Where(o => o.RunId is not null && o.BrokerOrderNo is not null).GroupBy(o => (o.RunId, o.Ticker, o.Side)))
            if (g.Count() > 1)
                report.Duplicates.Add($"run {g.Key.RunId} has {g.Count()} broker orders for {g.Key.Side} {g.Key.Ticker}: {string.Join(", ", g.Select(o => o.BrokerOrderNo))}");

        // (2) every broker order is ours, by number; one that is not but looks like a ledger order is a resend (1).
        var brokerByNo = new Dictionary<string, BrokerOrderRow>(StringComparer.Ordinal);
        foreach (var b in broker.NewOrders)
        {
            brokerByNo[b.NormalizedNo] = b;
            if (claimed.ContainsKey(b.NormalizedNo) || b.PlacedAtUtc >= placedBefore) continue;
            var twin = ledger.Orders.FirstOrDefault(o => o.Ticker == b.Code && o.Side == b.Side && o.Quantity == b.Quantity
                                                       && (o.CreatedAt - b.PlacedAtUtc).Duration() <= ResendWindow);
            if (twin is { BrokerOrderNo: not null })
                report.Duplicates.Add($"broker order {b.OrderNo} ({b.Side} {b.Quantity} {b.Code} at {b.Time}) is not in the ledger and repeats ledger order {twin.OrderId} (broker {twin.BrokerOrderNo})");
            else
                report.Missing.Add($"broker order {b.OrderNo} ({b.Side} {b.Quantity} {b.Code} at {b.Time}, filled {b.FilledQuantity}) is not in the ledger"
                                   + (twin is null ? "" : $" (ledger order {twin.OrderId} is {twin.Status} without a broker number)"));
        }
        foreach (var o in ledger.Orders.Where(o => o.BrokerOrderNo is not null && !brokerByNo.ContainsKey(BrokerOrderRow.Normalize(o.BrokerOrderNo!))))
            report.Missing.Add($"ledger order {o.OrderId} claims broker order {o.BrokerOrderNo}, which the broker does not have");

        // (5) reconciliation settles every ambiguous order it has looked at.
        foreach (var o in ledger.Orders.Where(o => o.IsAmbiguous && o.UpdatedAt < reconciledBefore))
            report.Unresolved.Add($"ledger order {o.OrderId} ({o.Side} {o.Quantity} {o.Ticker}) is still {o.Status} after reconciliation: {o.LastError}");

        // (3) fills add up and every final order with fills has its trade.
        var fillsByOrder = ledger.Fills.GroupBy(f => f.OrderId).ToDictionary(g => g.Key, g => g.Sum(f => f.Quantity), StringComparer.Ordinal);
        var trades = ledger.Trades.ToDictionary(t => t.TradeId, StringComparer.Ordinal);
        foreach (var o in ledger.Orders)
        {
            var filled = fillsByOrder.GetValueOrDefault(o.OrderId);
            if (filled != o.FilledQuantity)
                report.LostTrades.Add($"ledger order {o.OrderId} has filled quantity {o.FilledQuantity} but its fills add up to {filled}");
            if (o.BrokerOrderNo is not null && brokerByNo.TryGetValue(BrokerOrderRow.Normalize(o.BrokerOrderNo), out var b)
                && (o.FilledQuantity > b.FilledQuantity || (quiet && o.FilledQuantity != b.FilledQuantity)))
                report.Drift.Add($"ledger order {o.OrderId} (broker {o.BrokerOrderNo}) has {o.FilledQuantity} filled, the broker {b.FilledQuantity}");
            if (!o.IsFinal || o.FilledQuantity == 0 || o.UpdatedAt >= tradesBefore) continue;
            if (!trades.TryGetValue("t-" + o.OrderId, out var t))
                report.LostTrades.Add($"ledger order {o.OrderId} ({o.Status}, {o.FilledQuantity} {o.Ticker} filled) has no trade record");
            else if (t.Quantity != o.FilledQuantity || t.Ticker != o.Ticker)
                report.LostTrades.Add($"trade {t.TradeId} records {t.Quantity} {t.Ticker}, the order filled {o.FilledQuantity} {o.Ticker}");
        }

        // (4) positions: only when nothing is in flight.
        if (quiet)
        {
            var ours = ledger.PositionsByTicker();
            var theirs = broker.HoldingsByCode();
            foreach (var code in ours.Keys.Union(theirs.Keys).Order(StringComparer.Ordinal))
                if (ours.GetValueOrDefault(code) != theirs.GetValueOrDefault(code))
                    report.Drift.Add($"{code}: our fills give {ours.GetValueOrDefault(code)} shares, the broker holds {theirs.GetValueOrDefault(code)}");
        }
        return report;
    }
}

internal sealed class InvariantReport
{
    public List<string> Duplicates { get; } = [];
    public List<string> Missing { get; } = [];
    public List<string> LostTrades { get; } = [];
    public List<string> Drift { get; } = [];
    public List<string> Unresolved { get; } = [];

    public bool Ok => Duplicates.Count + Missing.Count + LostTrades.Count + Drift.Count + Unresolved.Count == 0;

    public IEnumerable<string> All =>
        Duplicates.Select(d => "duplicate: " + d).Concat(Missing.Select(m => "missing: " + m)).Concat(LostTrades.Select(l => "trade: " + l))
            .Concat(Drift.Select(d => "drift: " + d)).Concat(Unresolved.Select(u => "unresolved: " + u));

    public override string ToString() => Ok ? "ok" : string.Join("\n", All);
}
