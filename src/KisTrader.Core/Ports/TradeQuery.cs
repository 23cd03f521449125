using KisTrader.Core.Trades;

namespace KisTrader.Core.Ports;

/// <summary>The columns a page of trades can be sorted by.</summary>
public enum TradeSort
{
    Timestamp,
    Ticker,
    Action,
    Quantity,
    Price,
    Pnl7Days,
    Pnl30Days,
}

/// <summary>One page of the trades with <c>from &lt;= timestamp &lt; to</c> that match the filter, in the given order.</summary>
public sealed record TradeQuery(DateTimeOffset From, DateTimeOffset To, TradeFilter? Filter = null, int Skip = 0, int Take = 25,
    TradeSort Sort = TradeSort.Timestamp, bool Descending = true)
{
    public void Validate()
    {
        if (To < From) throw new ArgumentException("The period ends before it starts.", nameof(To));
        ArgumentOutOfRangeException.ThrowIfNegative(Skip);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(Take);
    }
}

/// <summary>Totals over every trade the query matched, not only the page.</summary>
public sealed record TradeSummary(int Count, int Tickers, decimal Bought, decimal Sold, int Known7, decimal Pnl7, int Known30, decimal Pnl30)
{
    public static readonly TradeSummary Empty = new(0, 0, 0, 0, 0, 0, 0, 0);

    public static TradeSummary Of(IEnumerable<(string Ticker, TradeAction Action, long Quantity, decimal Price, decimal? Pnl7, decimal? Pnl30)> rows)
    {
        var list = rows.ToList();
        return new TradeSummary(list.Count, list.Select(r => r.Ticker).Distinct().Count(),
            list.Where(r => r.Action == TradeAction.Buy).Sum(r => r.Price * r.Quantity),
            list.Where(r => r.Action == TradeAction.Sell).Sum(r => r.Price * r.Quantity),
            list.Count(r => r.Pnl7 is not null), list.Sum(r => r.Pnl7 ?? 0m),
            list.Count(r => r.Pnl30 is not null), list.Sum(r => r.Pnl30 ?? 0m));
    }
}

public sealed record TradePage(IReadOnlyList<TradeRecord> Items, TradeSummary Summary);

/// <summary>The query over trades held in memory: what the stores' fakes answer, the same way the database does.</summary>
public static class TradeQueries
{
    public static TradePage Apply(IEnumerable<TradeRecord> trades, TradeQuery q)
    {
        q.Validate();
        var matched = trades
            .Where(t => t.Timestamp >= q.From && t.Timestamp < q.To)
            .Where(t => q.Filter?.Ticker is null || t.Ticker == q.Filter.Ticker)
            .Where(t => q.Filter?.Action is null || t.Action == q.Filter.Action)
            .ToList();
        Func<TradeRecord, object?> key = q.Sort switch
        {
            TradeSort.Ticker => t => t.Ticker,
            TradeSort.Action => t => t.Action,
            TradeSort.Quantity => t => t.Quantity,
            TradeSort.Price => t => t.Price,
            TradeSort.Pnl7Days => t => t.Pnl7Days,
            TradeSort.Pnl30Days => t => t.Pnl30Days,
            _ => t => t.Timestamp,
        };
        // Unknown P&L sorts last either way, as in the stores.
        var known = matched.OrderBy(t => key(t) is null);
        var ordered = q.Descending
            ? known.ThenByDescending(key).ThenByDescending(t => t.Timestamp).ThenByDescending(t => t.TradeId, StringComparer.Ordinal)
            : known.ThenBy(key).ThenBy(t => t.Timestamp).ThenBy(t => t.TradeId, StringComparer.Ordinal);
        return new TradePage([.. ordered.Skip(q.Skip).Take(q.Take)],
            TradeSummary.Of(matched.Select(t => (t.Ticker, t.Action, t.Quantity, t.Price, t.Pnl7Days, t.Pnl30Days))));
    }
}
