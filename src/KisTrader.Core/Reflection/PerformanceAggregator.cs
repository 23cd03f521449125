using KisTrader.Core.Trades;

namespace KisTrader.Core.Reflection;

/// <summary>
/// M1's arithmetic: the period's trades and the round trips its sells closed (their buys may lie in the look-back
/// before it). Highlights are the entry decisions (buys) whose shares the period's sells closed, with the buy's
/// justification and snapshot: the decision that made the result. Pure: the same trades give the same report.
/// </summary>
public sealed class PerformanceAggregator(RoundTripMatcher? matcher = null)
{
    public const int HighlightCount = 3;

    private readonly RoundTripMatcher _matcher = matcher ?? new RoundTripMatcher();

    /// <param name="trades">Every recorded trade from the start of the look-back up to <paramref name="to"/>.</param>
    public PerformanceReport Aggregate(IReadOnlyList<TradeRecord> trades, DateTimeOffset from, DateTimeOffset to, BrokerCrossCheck? brokerCheck = null)
    {
        var upToEnd = trades.Where(t => t.Timestamp < to).ToList();
        var match = _matcher.Match(upToEnd);
        var inPeriod = upToEnd.Where(t => t.Timestamp >= from).ToList();
        var closed = match.RoundTrips.Where(r => r.ExitAt >= from && r.ExitAt < to).ToList();

        var byId = upToEnd.GroupBy(t => t.TradeId, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal);
        var highlights = closed.GroupBy(r => r.BuyTradeId, StringComparer.Ordinal)
            .Select(g =>
            {
                var buy = byId[g.Key];
                var net = g.Sum(r => r.NetPnl);
                var entry = g.Sum(r => r.EntryPrice * r.Quantity);
                return new TradeHighlight(buy.TradeId, buy.Ticker, buy.Action.ToText(), buy.Timestamp, g.Sum(r => r.Quantity), buy.Price, net,
                    entry > 0 ? Math.Round(net / entry * 100m, 2) : 0m, buy.JustificationText, buy.MarketSnapshot);
            })
            .ToList();

        return new PerformanceReport(
            from, to,
            Trades: inPeriod.Count,
            Buys: inPeriod.Count(t => t.Action == TradeAction.Buy),
            Sells: inPeriod.Count(t => t.Action == TradeAction.Sell),
            RoundTrips: closed,
            RealisedNetPnl: closed.Sum(r => r.NetPnl),
            TotalCosts: closed.Sum(r => r.Costs),
            WinRate: closed.Count > 0 ? Math.Round((decimal)closed.Count(r => r.IsWin) / closed.Count, 4) : 0m,
            AverageReturnPercent: closed.Count > 0 ? Math.Round(closed.Average(r => r.ReturnPercent), 2) : 0m,
            WorstLossKrw: closed.Count > 0 ? Math.Min(0m, closed.Min(r => r.NetPnl)) : 0m,
            Best: [.. highlights.Where(h => h.NetPnl > 0).OrderByDescending(h => h.NetPnl).ThenBy(h => h.TradeId, StringComparer.Ordinal).Take(HighlightCount)],
            Worst: [.. highlights.Where(h => h.NetPnl < 0).OrderBy(h => h.NetPnl).ThenBy(h => h.TradeId, StringComparer.Ordinal).Take(HighlightCount)],
            OpenQuantities: match.OpenQuantities,
            BrokerCheck: brokerCheck);
    }
}
