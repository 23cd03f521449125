using KisTrader.Core.Rules;
using KisTrader.Core.Trades;

namespace KisTrader.Core.Reflection;

/// <summary>The look-back's trades as M2 and shadow evaluation see them: outcomes with features, every recorded
/// feature set (what validate_rule_format checks specificity on), and how many trades could not be analysed.</summary>
public sealed record OutcomeSet(
    IReadOnlyList<TradeOutcome> Outcomes,
    IReadOnlyList<RuleFeatures> RecordedFeatures,
    int Trades,
    // Trades whose snapshot holds no features (nor enough to rebuild them).
    int WithoutFeatures,
    // Trades with features but no result yet (an open buy before its 7-day P&L, a sell before its 7-day P&L).
    int WithoutResult);

/// <summary>
/// Builds <see cref="TradeOutcome"/>s: a BUY's outcome is the net P&amp;L of its round trips (the part sold; its return
/// on the part sold) or, while nothing of it is sold, its 7-day P&amp;L (30-day when that is all there is); a SELL's
/// is the move avoided (its 7-day P&amp;L, else 30-day). Returns are on the trade's own value.
/// </summary>
public static class TradeOutcomes
{
    public const string RoundTrip = "round_trip";
    public const string Pnl7Days = "pnl_7d";
    public const string Pnl30Days = "pnl_30d";

    public static OutcomeSet Build(IReadOnlyList<TradeRecord> trades, RoundTripMatch match)
    {
        var byBuy = match.RoundTrips.GroupBy(r => r.BuyTradeId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.ToList(), StringComparer.Ordinal);
        var outcomes = new List<TradeOutcome>();
        var recorded = new List<RuleFeatures>();
        int withoutFeatures = 0, withoutResult = 0;
        foreach (var t in trades.OrderBy(t => t.Timestamp).ThenBy(t => t.OrderedAt).ThenBy(t => t.TradeId, StringComparer.Ordinal))
        {
            var action = t.Action.ToText();
            var features = RuleFeatures.FromRecordedTrade(t.MarketSnapshot, t.PortfolioBefore, action, t.Timestamp);
            if (features is null)
            {
                withoutFeatures++;
                continue;
            }
            recorded.Add(features);
            var value = t.Price * t.Quantity;
            (decimal Pnl, decimal Return, string Source)? result = null;
            if (t.Action == TradeAction.Buy && byBuy.TryGetValue(t.TradeId, out var trips))
            {
                var net = trips.Sum(r => r.NetPnl);
                var entry = trips.Sum(r => r.EntryPrice * r.Quantity);
                result = (net, entry > 0 ? Math.Round(net / entry * 100m, 2) : 0m, RoundTrip);
            }
            else if (t.Pnl7Days is { } p7) result = (p7, value > 0 ? Math.Round(p7 / value * 100m, 2) : 0m, Pnl7Days);
            else if (t.Pnl30Days is { } p30) result = (p30, value > 0 ? Math.Round(p30 / value * 100m, 2) : 0m, Pnl30Days);

            if (result is not { } r)
            {
                withoutResult++;
                continue;
            }
            outcomes.Add(new TradeOutcome(t.TradeId, t.Ticker, action, t.Timestamp, r.Pnl, r.Return, r.Source, features));
        }
        return new OutcomeSet(outcomes, recorded, trades.Count, withoutFeatures, withoutResult);
    }
}
