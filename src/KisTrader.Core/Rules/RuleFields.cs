namespace KisTrader.Core.Rules;

public enum RuleFieldType
{
    Number,
    Text,
    Flag,
}

/// <summary>A field a rule condition may name. <paramref name="Values"/> lists every value a text field can take (a
/// condition comparing it with anything else could never match, so the parser refuses it); null when open.</summary>
public sealed record RuleField(string Name, RuleFieldType Type, string Description, IReadOnlyList<string>? Values = null);

/// <summary>
/// Every field of the rule language: the vocabulary shared by the live risk check, the recorded trade snapshots, the
/// statistical factor analysis and the LLM. A condition that names anything else is invalid.
/// </summary>
public static class RuleFields
{
    public static readonly IReadOnlyList<RuleField> All =
    [
        // The order.
        new("side", RuleFieldType.Text, "\"BUY\" or \"SELL\"", ["BUY", "SELL"]),
        new("ticker", RuleFieldType.Text, "6-character KRX code"),
        new("confidence", RuleFieldType.Number, "the decision's confidence, 0..1"),
        new("order_value_krw", RuleFieldType.Number, "quantity × price (limit price, else the last price)"),
        new("order_weight_pct", RuleFieldType.Number, "order value in % of equity"),
        new("position_weight_after_pct", RuleFieldType.Number,
            "the ticker's weight in % of equity if the order filled whole (held value at market ± order value)"),
        // The ticker at the moment of the decision.
        new("price", RuleFieldType.Number, "last price, KRW"),
        new("change_pct", RuleFieldType.Number, "change today, %"),
        new("volume", RuleFieldType.Number, "shares traded today"),
        new("volume_surge", RuleFieldType.Number, "today's volume against normal for this time of day (1 = normal)"),
        new("trade_intensity", RuleFieldType.Number, "buy volume / sell volume × 100"),
        new("rsi14", RuleFieldType.Number, "RSI(14) of daily closes, 0..100"),
        new("sma20", RuleFieldType.Number, "20-day simple moving average"),
        new("sma60", RuleFieldType.Number, "60-day simple moving average"),
        new("ema12", RuleFieldType.Number, "12-day exponential moving average"),
        new("ema26", RuleFieldType.Number, "26-day exponential moving average"),
        new("macd", RuleFieldType.Number, "MACD line"),
        new("macd_signal", RuleFieldType.Number, "MACD signal line"),
        new("macd_hist", RuleFieldType.Number, "MACD minus its signal"),
        new("bb_upper", RuleFieldType.Number, "upper Bollinger band (20, 2)"),
        new("bb_lower", RuleFieldType.Number, "lower Bollinger band (20, 2)"),
        new("bb_position_pct", RuleFieldType.Number, "where the price sits in the bands: 0 = lower, 100 = upper"),
        new("atr14", RuleFieldType.Number, "average true range (14)"),
        new("atr_pct", RuleFieldType.Number, "ATR(14) in % of the price"),
        new("vwap", RuleFieldType.Number, "today's volume-weighted average price (traded value / volume), KRW"),
        new("price_vs_vwap_pct", RuleFieldType.Number, "price against today's VWAP, %"),
        new("obv", RuleFieldType.Number, "on-balance volume over the loaded daily history (about 100 sessions), shares"),
        new("return_5d_pct", RuleFieldType.Number, "return over 5 days, %"),
        new("ml_prob", RuleFieldType.Number, "the active ML model's probability (0..1) that the net return over its horizon beats its threshold; absent when no model is active"),
        new("return_20d_pct", RuleFieldType.Number, "return over 20 days, %"),
        new("high_20d", RuleFieldType.Number, "highest high of the last 20 days"),
        new("prev_change_pct", RuleFieldType.Number, "the last completed session's change, close against the close before, %"),
        new("prev_volume_ratio", RuleFieldType.Number, "the last completed session's volume against the 20-session average (1 = normal)"),
        new("price_vs_sma20_pct", RuleFieldType.Number, "price against the 20-day average, %"),
        new("price_vs_sma60_pct", RuleFieldType.Number, "price against the 60-day average, %"),
        new("price_vs_high_20d_pct", RuleFieldType.Number, "price against the 20-day high, %"),
        new("to_upper_limit_pct", RuleFieldType.Number, "room to today's upper price limit, %"),
        new("trend", RuleFieldType.Text, "\"up\" (price > SMA20 > SMA60), \"down\" (price < SMA20 < SMA60) or \"flat\"", ["up", "down", "flat"]),
        new("above_high_20d", RuleFieldType.Flag, "price above the 20-day high"),
        new("signal_volume_surge", RuleFieldType.Flag, "the analysis flagged a volume surge (opportunity)"),
        new("signal_breakout", RuleFieldType.Flag, "the analysis flagged a breakout (opportunity)"),
        new("signal_sharp_drop", RuleFieldType.Flag, "the analysis flagged a sharp drop (risk)"),
        new("signal_below_lower_band", RuleFieldType.Flag, "the analysis flagged a price below the lower band (risk)"),
        // The portfolio before the order.
        new("position_weight_pct", RuleFieldType.Number, "the ticker's weight in the portfolio, %"),
        new("position_pnl_pct", RuleFieldType.Number, "unrealised P&L of the held position, % (absent when not held)"),
        new("held", RuleFieldType.Flag, "the ticker is held"),
        new("cash_weight_pct", RuleFieldType.Number, "cash in % of equity"),
        new("positions", RuleFieldType.Number, "number of positions held"),
        // The market and the clock.
        new("sentiment", RuleFieldType.Number, "market sentiment, -1 (fearful) .. +1 (greedy)"),
        new("hour_kst", RuleFieldType.Number, "hour of the decision, KST, 0..23"),
        new("minutes_since_open", RuleFieldType.Number, "minutes since 09:00 KST (negative before)"),
        new("minutes_to_close", RuleFieldType.Number, "whole minutes left to the 15:30 KST close (30 or less: the last half hour; negative after)"),
        new("weekday", RuleFieldType.Number, "1 = Monday … 7 = Sunday, KST"),
    ];

    private static readonly Dictionary<string, RuleField> ByName = All.ToDictionary(f => f.Name, StringComparer.Ordinal);

    public static RuleField? Find(string name) => ByName.GetValueOrDefault(name);
}
