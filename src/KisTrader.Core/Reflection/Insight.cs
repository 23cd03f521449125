using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>A trade whose result is known, with the features of its decision: what M2 analyses and shadow evaluation
/// replays. For a BUY the outcome is its round trips' net P&amp;L (or its 7-day P&amp;L while still open); for a SELL,
/// the move avoided (its 7-day P&amp;L).</summary>
public sealed record TradeOutcome(
    string TradeId,
    string Ticker,
    string Action,
    DateTimeOffset Timestamp,
    decimal NetPnl,
    decimal ReturnPercent,
    // "round_trip", "pnl_7d" or "pnl_30d".
    string Source,
    RuleFeatures Features)
{
    public bool IsWin => NetPnl > 0m;
}

/// <summary>
/// M2: one pattern found in the record, e.g. "BUY with rsi14 ≥ 70: 5 trades, 5 losses, average −6.1%". Score =
/// frequency (share of analysed trades in the pattern) × impact (how much worse than the rest, in percent points of
/// return), so frequent and costly patterns rank first. <see cref="Condition"/> is the pattern in the rule language,
/// ready for M3.
/// </summary>
public sealed record Insight(
    string InsightId,
    // "statistics" or "llm".
    string Source,
    // "BUY" or "SELL".
    string Side,
    string Feature,
    string Bucket,
    string Condition,
    int Trades,
    int Losers,
    int Winners,
    decimal AverageReturnPercent,
    decimal NetPnl,
    decimal Frequency,
    decimal Impact,
    decimal Score,
    string Description)
{
    public decimal LossRate => Trades > 0 ? (decimal)Losers / Trades : 0m;
}
