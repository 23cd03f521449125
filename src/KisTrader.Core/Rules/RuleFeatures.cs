using System.Text.Json;
using System.Text.Json.Nodes;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;

namespace KisTrader.Core.Rules;

/// <summary>
/// The values a rule condition is evaluated on, for one order at the moment of its decision: the order (side, ticker,
/// confidence), the ticker's analysis (price, change, indicators and derived values), the portfolio (weights, P&amp;L)
/// and the market (sentiment, time of day). Names and types are those of <see cref="RuleFields"/>. A field that could
/// not be computed (an indicator not warmed up) is absent, and a comparison with an absent field is false.
/// The same object is written into each trade's market snapshot (property "features"), so a shadow replay over
/// recorded trades sees exactly what the live check saw.
/// </summary>
public sealed class RuleFeatures
{
    public const string SnapshotProperty = "features";

    private readonly Dictionary<string, decimal> _numbers;
    private readonly Dictionary<string, string> _texts;
    private readonly Dictionary<string, bool> _flags;

    private RuleFeatures(Dictionary<string, decimal> numbers, Dictionary<string, string> texts, Dictionary<string, bool> flags)
    {
        _numbers = numbers;
        _texts = texts;
        _flags = flags;
    }

    public IReadOnlyDictionary<string, decimal> Numbers => _numbers;
    public IReadOnlyDictionary<string, string> Texts => _texts;
    public IReadOnlyDictionary<string, bool> Flags => _flags;

    public bool TryGetNumber(string field, out decimal value) => _numbers.TryGetValue(field, out value);
    public bool TryGetText(string field, out string value) => _texts.TryGetValue(field, out value!);
    public bool TryGetFlag(string field, out bool value) => _flags.TryGetValue(field, out value);

    /// <summary>The features of <paramref name="order"/> now: what the risk engine's rule check sees.</summary>
    public static RuleFeatures ForOrder(PlannedOrder order, MarketAnalysis? analysis, PortfolioSnapshot portfolio, DateTimeOffset now)
    {
        var n = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var t = new Dictionary<string, string>(StringComparer.Ordinal);
        var f = new Dictionary<string, bool>(StringComparer.Ordinal);

        t["side"] = order.Side == Side.Buy ? "BUY" : "SELL";
        t["ticker"] = order.Ticker;
        n["confidence"] = order.Confidence;

        var a = analysis?.Find(order.Ticker);
        var price = a?.Price > 0 ? a.Price : order.Price ?? 0m;
        var unit = order.Price is > 0 ? order.Price.Value : price;
        if (unit > 0 && order.Quantity > 0)
        {
            n["order_value_krw"] = unit * order.Quantity;
            if (portfolio.TotalEquity > 0)
            {
                n["order_weight_pct"] = Math.Round(unit * order.Quantity / portfolio.TotalEquity * 100m, 2);
                // Where the order leaves the name: what a cap on one name's weight is written on.
                var heldValue = portfolio.Find(order.Ticker)?.Value ?? 0m;
                var after = order.Side == Side.Buy ? heldValue + unit * order.Quantity : Math.Max(0m, heldValue - unit * order.Quantity);
                n["position_weight_after_pct"] = Math.Round(after / portfolio.TotalEquity * 100m, 2);
            }
        }

        if (a is not null)
        {
            if (a.Price > 0) n["price"] = a.Price;
            n["change_pct"] = a.ChangeRatePercent;
            n["volume"] = a.Volume;
            n["volume_surge"] = a.VolumeSurgeRatio;
            n["trade_intensity"] = a.TradeIntensity;
            if (a.MlProbability is { } mlProb) n["ml_prob"] = mlProb;
            foreach (var key in (string[])["rsi14", "sma20", "sma60", "ema12", "ema26", "macd", "macd_signal", "bb_upper", "bb_lower",
                         "atr14", "vwap", "obv", "return_5d_pct", "return_20d_pct", "high_20d", "prev_change_pct", "prev_volume_ratio"])
                if (a.Indicators.TryGetValue(key, out var v)) n[key] = v;
            var ind = a.Indicators;
            if (ind.TryGetValue("macd", out var macd) && ind.TryGetValue("macd_signal", out var signal)) n["macd_hist"] = Math.Round(macd - signal, 2);
            if (a.Price > 0)
            {
                if (ind.TryGetValue("bb_upper", out var up) && ind.TryGetValue("bb_lower", out var lo) && up > lo)
                    n["bb_position_pct"] = Math.Round((a.Price - lo) / (up - lo) * 100m, 2);
                if (ind.TryGetValue("atr14", out var atr)) n["atr_pct"] = Math.Round(atr / a.Price * 100m, 2);
                if (ind.TryGetValue("vwap", out var vwap) && vwap > 0) n["price_vs_vwap_pct"] = Math.Round((a.Price / vwap - 1m) * 100m, 2);
                if (ind.TryGetValue("sma20", out var s20) && s20 > 0) n["price_vs_sma20_pct"] = Math.Round((a.Price / s20 - 1m) * 100m, 2);
                if (ind.TryGetValue("sma60", out var s60) && s60 > 0) n["price_vs_sma60_pct"] = Math.Round((a.Price / s60 - 1m) * 100m, 2);
                if (ind.TryGetValue("high_20d", out var high) && high > 0)
                {
                    n["price_vs_high_20d_pct"] = Math.Round((a.Price / high - 1m) * 100m, 2);
                    f["above_high_20d"] = a.Price > high;
                }
                if (ind.TryGetValue("upper_limit", out var upper) && upper > 0) n["to_upper_limit_pct"] = Math.Round((upper / a.Price - 1m) * 100m, 2);
                if (ind.TryGetValue("sma20", out var m20) && ind.TryGetValue("sma60", out var m60))
                    t["trend"] = a.Price > m20 && m20 > m60 ? "up" : a.Price < m20 && m20 < m60 ? "down" : "flat";
            }
        }
        if (analysis is not null)
        {
            f["signal_volume_surge"] = analysis.Opportunities.Any(s => s.Ticker == order.Ticker && s.Kind == "volume_surge");
            f["signal_breakout"] = analysis.Opportunities.Any(s => s.Ticker == order.Ticker && s.Kind == "breakout");
            f["signal_sharp_drop"] = analysis.Risks.Any(s => s.Ticker == order.Ticker && s.Kind == "sharp_drop");
            f["signal_below_lower_band"] = analysis.Risks.Any(s => s.Ticker == order.Ticker && s.Kind == "below_lower_band");
            n["sentiment"] = analysis.SentimentScore;
        }

        var held = portfolio.Find(order.Ticker);
        f["held"] = held is { Quantity: > 0 };
        n["position_weight_pct"] = held?.WeightPercent ?? 0m;
        if (held is { Quantity: > 0 }) n["position_pnl_pct"] = held.UnrealizedPnlPercent;
        n["cash_weight_pct"] = portfolio.CashWeightPercent;
        n["positions"] = portfolio.Positions.Count(p => p.Quantity > 0);

        var kst = now.ToKst();
        n["hour_kst"] = kst.Hour;
        n["minutes_since_open"] = (int)Math.Floor(KrxCalendar.MinutesSinceOpen(now));
        n["minutes_to_close"] = (int)Math.Floor((KrxCalendar.CloseOn(DateOnly.FromDateTime(kst.DateTime)) - now).TotalMinutes);
        n["weekday"] = kst.DayOfWeek == DayOfWeek.Sunday ? 7 : (int)kst.DayOfWeek;
        return new RuleFeatures(n, t, f);
    }

    /// <summary>A flat JSON object of every present field (numbers, strings, booleans), as stored in the snapshot.</summary>
    public JsonObject ToJson()
    {
        var o = new JsonObject();
        foreach (var field in RuleFields.All)
        {
            if (_numbers.TryGetValue(field.Name, out var n)) o[field.Name] = n;
            else if (_texts.TryGetValue(field.Name, out var t)) o[field.Name] = t;
            else if (_flags.TryGetValue(field.Name, out var f)) o[field.Name] = f;
        }
        return o;
    }

    /// <summary>Reads features written by <see cref="ToJson"/>. Unknown properties and values of the wrong JSON kind
    /// are left out (the field is then absent), so an old or damaged snapshot can never make a rule match.</summary>
    public static RuleFeatures FromJson(JsonElement json)
    {
        var n = new Dictionary<string, decimal>(StringComparer.Ordinal);
        var t = new Dictionary<string, string>(StringComparer.Ordinal);
        var f = new Dictionary<string, bool>(StringComparer.Ordinal);
        if (json.ValueKind != JsonValueKind.Object) return new RuleFeatures(n, t, f);
        foreach (var p in json.EnumerateObject())
        {
            if (RuleFields.Find(p.Name) is not { } field) continue;
            switch (field.Type)
            {
                case RuleFieldType.Number when p.Value.ValueKind == JsonValueKind.Number && p.Value.TryGetDecimal(out var d):
                    n[field.Name] = d;
                    break;
                case RuleFieldType.Text when p.Value.ValueKind == JsonValueKind.String:
                    t[field.Name] = p.Value.GetString()!;
                    break;
                case RuleFieldType.Flag when p.Value.ValueKind is JsonValueKind.True or JsonValueKind.False:
                    f[field.Name] = p.Value.GetBoolean();
                    break;
            }
        }
        return new RuleFeatures(n, t, f);
    }

    /// <summary>The features of a recorded trade: the snapshot's "features" object when it has one (written at decision
    /// time); for older snapshots without it, rebuilt from the snapshot's ticker analysis and the portfolio before, the
    /// action and the time. Returns null when the snapshot holds neither.</summary>
    public static RuleFeatures? FromRecordedTrade(string marketSnapshot, string portfolioBefore, string action, DateTimeOffset timestamp)
    {
        try
        {
            using var snap = JsonDocument.Parse(marketSnapshot);
            if (snap.RootElement.ValueKind == JsonValueKind.Object && snap.RootElement.TryGetProperty(SnapshotProperty, out var features)
                && features.ValueKind == JsonValueKind.Object)
                return FromJson(features);
            if (snap.RootElement.ValueKind != JsonValueKind.Object || !snap.RootElement.TryGetProperty("ticker", out var tickerJson)
                || tickerJson.ValueKind != JsonValueKind.Object)
                return null;
            var ticker = tickerJson.Deserialize<TickerAnalysis>(Graphs.GraphJson.Options);
            if (ticker is null) return null;
            var root = snap.RootElement;
            // The decision's time, as the live check saw it; the fill (timestamp) can come much later.
            var at = root.TryGetProperty("takenAt", out var takenAt) && takenAt.ValueKind == JsonValueKind.String
                && takenAt.TryGetDateTimeOffset(out var taken) ? taken : timestamp;
            var portfolio = TryPortfolio(portfolioBefore, at);
            var side = string.Equals(action, "SELL", StringComparison.OrdinalIgnoreCase) ? Side.Sell : Side.Buy;
            var order = new PlannedOrder(ticker.Ticker, side, 0, OrderPriceType.Limit, null, "", 0m);
            var sentiment = root.TryGetProperty("sentimentScore", out var s) && s.ValueKind == JsonValueKind.Number && s.TryGetDecimal(out var sv) ? sv : 0m;
            var analysis = new MarketAnalysis(at, Events.FeedState.Connected, false, null, [ticker],
                Signals(root, "opportunities"), Signals(root, "risks"), sentiment);
            var rebuilt = ForOrder(order, analysis, portfolio, at);
            // Confidence and order size were not recorded in old snapshots: leave them absent rather than 0.
            rebuilt._numbers.Remove("confidence");
            rebuilt._numbers.Remove("order_value_krw");
            rebuilt._numbers.Remove("order_weight_pct");
            rebuilt._numbers.Remove("position_weight_after_pct");
            // A snapshot without a portfolio says nothing about holdings: absent rather than "not held".
            if (portfolio.TotalEquity <= 0)
                foreach (var field in (string[])["held", "position_weight_pct", "position_pnl_pct", "cash_weight_pct", "positions"])
                {
                    rebuilt._numbers.Remove(field);
                    rebuilt._flags.Remove(field);
                }
            return rebuilt;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or NotSupportedException or ArgumentException)
        {
            // A damaged snapshot gives no features: no rule can match on it.
            return null;
        }
    }

    // The old snapshot listed the ticker's signals beside it; without them every signal_* flag would read false.
    private static IReadOnlyList<MarketSignal> Signals(JsonElement root, string property) =>
        root.TryGetProperty(property, out var list) && list.ValueKind == JsonValueKind.Array
            ? list.Deserialize<List<MarketSignal>>(Graphs.GraphJson.Options)?.Where(x => x is not null).ToList() ?? []
            : [];

    private static PortfolioSnapshot TryPortfolio(string json, DateTimeOffset at)
    {
        try
        {
            return JsonSerializer.Deserialize<PortfolioSnapshot>(json, Graphs.GraphJson.Options) is { Positions: not null } p
                ? p
                : new PortfolioSnapshot(at, 0, 0, 0, 0, []);
        }
        catch (Exception e) when (e is JsonException or NotSupportedException or ArgumentException)
        {
            return new PortfolioSnapshot(at, 0, 0, 0, 0, []);
        }
    }

    public override string ToString() => ToJson().ToJsonString();

}
