using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Decisions;

/// <summary>
/// Validates an UNTRUSTED plan (an LLM's raw JSON) against the decision input. Malformed, truncated or off-schema JSON
/// rejects the plan whole with the parse error. Otherwise every order is checked on its own and dropped with a reason
/// when invalid: ticker in the universe, side BUY/SELL, quantity a positive JSON integer up to the cap and worth no
/// more than equity, price type LIMIT/MARKET, a limit price on tick and within the day's limits when known (MARKET
/// carries null), sells within the sellable quantity, confidence 0..1, a justification. Duplicate ticker+side orders
/// and both sides of one ticker are dropped; if the buys together exceed cash, every buy is dropped. Nothing is ever
/// repaired: no rounding of quantities, no snapping of prices. Text fields are data: control characters are stripped
/// and their content changes nothing.
/// </summary>
public static class DecisionGuard
{
    private static readonly HashSet<string> PlanFields = ["orders", "market_view", "hold_reason"];
    private static readonly HashSet<string> OrderFields = ["ticker", "side", "quantity", "price_type", "limit_price", "justification", "confidence"];

    public static GuardOutcome Check(string? rawJson, DecisionInput input, GuardOptions? options = null)
    {
        var o = options ?? new GuardOptions();
        if (string.IsNullOrWhiteSpace(rawJson)) return GuardOutcome.Reject("empty output: expected one JSON object");
        if (rawJson.Length > o.MaxJsonLength) return GuardOutcome.Reject($"output of {rawJson.Length} characters exceeds {o.MaxJsonLength}");

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(rawJson, new JsonDocumentOptions
            {
                MaxDepth = o.MaxJsonDepth,
                AllowTrailingCommas = false,
                CommentHandling = JsonCommentHandling.Disallow,
                AllowDuplicateProperties = false,
            });
        }
        catch (JsonException ex)
        {
            return GuardOutcome.Reject($"malformed JSON: {UntrustedText.Quote(ex.Message, 300)}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return GuardOutcome.Reject($"the plan must be a JSON object, got {root.ValueKind}");
            var unexpected = root.EnumerateObject().Select(p => p.Name).Where(n => !PlanFields.Contains(n)).ToList();
            if (unexpected.Count > 0) return GuardOutcome.Reject($"unexpected plan field(s): {string.Join(", ", unexpected.Select(n => $"'{UntrustedText.Quote(n)}'"))}");
            if (!root.TryGetProperty("orders", out var orders) || orders.ValueKind != JsonValueKind.Array)
                return GuardOutcome.Reject("'orders' must be an array");
            if (!TryText(root, "market_view", o.MaxTextLength, out var marketView, out var error)) return GuardOutcome.Reject(error);
            if (!TryText(root, "hold_reason", o.MaxTextLength, out var holdReason, out error)) return GuardOutcome.Reject(error);
            if (FindInstructions(marketView, holdReason, orders) is { } injected) return GuardOutcome.Reject(injected);
            var count = orders.GetArrayLength();
            if (count > o.MaxOrders) return GuardOutcome.Reject($"{count} orders exceed the maximum of {o.MaxOrders} per plan");

            var candidates = new List<(int Index, PlannedOrder Order, decimal Value)>();
            var dropped = new List<string>();
            var index = 0;
            foreach (var element in orders.EnumerateArray())
            {
                index++;
                var (order, value, errors) = CheckOrder(element, input, o);
                if (order is null) dropped.Add($"order #{index}{Label(element)}: {string.Join("; ", errors)}");
                else candidates.Add((index, order, value));
            }

            // Duplicates and both sides of one ticker: which one was meant is a guess, so all of them go.
            var conflicted = candidates.GroupBy(c => c.Order.Ticker, StringComparer.Ordinal)
                .Where(g => g.Count() > 1).SelectMany(g => g).ToList();
            foreach (var c in conflicted)
            {
                var sameSide = conflicted.Count(x => x.Order.Ticker == c.Order.Ticker && x.Order.Side == c.Order.Side) > 1;
                dropped.Add($"order #{c.Index} ({c.Order.Ticker} {Upper(c.Order.Side)}): " + (sameSide
                    ? "duplicate order for the same ticker and side"
                    : "orders on both sides of one ticker"));
            }
            candidates.RemoveAll(c => conflicted.Contains(c));

            var buys = candidates.Where(c => c.Order.Side == Side.Buy).ToList();
            var buyTotal = buys.Sum(c => c.Value);
            if (buyTotal > input.Portfolio.Cash)
            {
                foreach (var c in buys)
                    dropped.Add($"order #{c.Index} ({c.Order.Ticker} BUY): the plan's buys total {Krw(buyTotal)} KRW, more than cash {Krw(input.Portfolio.Cash)} KRW");
                candidates.RemoveAll(c => c.Order.Side == Side.Buy);
            }

            return new GuardOutcome(new GuardedPlan(candidates.OrderBy(c => c.Index).Select(c => c.Order).ToList(), dropped, marketView, holdReason), []);
        }
    }

    private static (PlannedOrder? Order, decimal Value, List<string> Errors) CheckOrder(JsonElement e, DecisionInput input, GuardOptions o)
    {
        var errors = new List<string>();
        if (e.ValueKind != JsonValueKind.Object) return (null, 0, [$"an order must be a JSON object, got {e.ValueKind}"]);
        foreach (var p in e.EnumerateObject().Where(p => !OrderFields.Contains(p.Name)))
            errors.Add($"unexpected field '{UntrustedText.Quote(p.Name)}'");
        foreach (var missing in OrderFields.Where(f => !e.TryGetProperty(f, out _)))
            errors.Add($"missing field '{missing}'");
        if (errors.Count > 0) return (null, 0, errors);

        string? ticker = null;
        var t = e.GetProperty("ticker");
        if (t.ValueKind != JsonValueKind.String) errors.Add($"ticker must be a string, got {Raw(t)}");
        else if (!input.Universe.Contains(t.GetString()!)) errors.Add($"ticker '{UntrustedText.Quote(t.GetString()!)}' is not in the universe");
        else ticker = t.GetString()!;

        Side? side = Enum(e.GetProperty("side"), "side", ("BUY", Side.Buy), ("SELL", Side.Sell), errors);
        OrderPriceType? type = Enum(e.GetProperty("price_type"), "price_type", ("LIMIT", OrderPriceType.Limit), ("MARKET", OrderPriceType.Market), errors);

        long? quantity = null;
        var q = e.GetProperty("quantity");
        if (q.ValueKind != JsonValueKind.Number || !q.TryGetInt64(out var qv)) errors.Add($"quantity must be a whole number of shares, got {Raw(q)}");
        else if (qv <= 0) errors.Add($"quantity must be positive, got {qv}");
        else if (qv > o.MaxQuantity) errors.Add($"quantity {qv} exceeds the maximum of {o.MaxQuantity}");
        else quantity = qv;

        var analysis = ticker is null ? null : input.Analysis.Find(ticker);
        decimal? limit = null;
        var lp = e.GetProperty("limit_price");
        if (type == OrderPriceType.Market && lp.ValueKind != JsonValueKind.Null) errors.Add($"a MARKET order takes limit_price null, got {Raw(lp)}");
        if (type == OrderPriceType.Limit)
        {
            if (lp.ValueKind != JsonValueKind.Number || !lp.TryGetDecimal(out var pv)) errors.Add($"limit_price must be a number for a LIMIT order, got {Raw(lp)}");
            else if (pv <= 0 || pv != decimal.Truncate(pv)) errors.Add($"limit_price must be a positive whole KRW amount, got {Raw(lp)}");
            else
            {
                var tickError = TickError(pv, analysis, input.Now);
                if (tickError is not null) errors.Add(tickError);
                else limit = pv;
            }
        }

        decimal? confidence = null;
        var c = e.GetProperty("confidence");
        if (c.ValueKind != JsonValueKind.Number || !c.TryGetDecimal(out var cv)) errors.Add($"confidence must be a number, got {Raw(c)}");
        else if (cv < 0m || cv > 1m) errors.Add($"confidence must be between 0 and 1, got {cv.ToString(CultureInfo.InvariantCulture)}");
        else confidence = cv;

        string? justification = null;
        var j = e.GetProperty("justification");
        if (j.ValueKind != JsonValueKind.String) errors.Add($"justification must be a string, got {Raw(j)}");
        else
        {
            var text = UntrustedText.Clean(j.GetString()!);
            if (text.Length == 0) errors.Add("justification is empty");
            else if (text.Length > o.MaxJustificationLength) errors.Add($"justification of {text.Length} characters exceeds {o.MaxJustificationLength}");
            else justification = text;
        }

        if (errors.Count > 0 || ticker is null || side is null || type is null || quantity is null || confidence is null || justification is null)
            return (null, 0, errors);

        var unitPrice = limit ?? analysis?.Price;
        if (unitPrice is not > 0) return (null, 0, [$"no current price for {ticker} to value a MARKET order"]);
        // An on-tick price with no day limits to refuse it (the analysis may lack them) can be near decimal's range:
        // quantity × price must not overflow (that threw out of the decision instead of dropping the order).
        if (unitPrice.Value > decimal.MaxValue / quantity.Value)
            return (null, 0, [$"order value {quantity} × {Krw(unitPrice.Value)} KRW exceeds total equity {Krw(input.Portfolio.TotalEquity)} KRW"]);
        var value = quantity.Value * unitPrice.Value;
        if (value > input.Portfolio.TotalEquity)
            return (null, 0, [$"order value {Krw(value)} KRW exceeds total equity {Krw(input.Portfolio.TotalEquity)} KRW"]);
        if (side == Side.Sell)
        {
            var held = input.Portfolio.Find(ticker);
            if (held is null || held.SellableQuantity <= 0) return (null, 0, [$"sell of {ticker}, which is not held (or nothing is sellable)"]);
            if (quantity > held.SellableQuantity) return (null, 0, [$"sell quantity {quantity} exceeds the sellable {held.SellableQuantity}"]);
        }
        return (new PlannedOrder(ticker, side.Value, quantity.Value, type.Value, limit, justification, confidence.Value), value, errors);
    }

    private static string? TickError(decimal price, TickerAnalysis? analysis, DateTimeOffset now)
    {
        var ind = analysis?.Indicators;
        var date = DateOnly.FromDateTime(now.ToKst().DateTime);
        if (ind is not null && ind.TryGetValue("tick_size", out var tick) && tick > 0)
        {
            if (price % tick != 0) return $"limit_price {Krw(price)} is not on the {Krw(tick)} KRW tick";
        }
        else if (!KrxRules.IsOnTick(price, date: date))
            return $"limit_price {Krw(price)} is not on the {Krw(KrxRules.TickSize(price, date: date))} KRW tick";
        if (ind is not null && ind.TryGetValue("lower_limit", out var lower) && ind.TryGetValue("upper_limit", out var upper)
            && (price < lower || price > upper))
            return $"limit_price {Krw(price)} is outside today's limits {Krw(lower)}–{Krw(upper)}";
        return null;
    }

    private static T? Enum<T>(JsonElement e, string field, (string Text, T Value) a, (string Text, T Value) b, List<string> errors) where T : struct
    {
        if (e.ValueKind == JsonValueKind.String)
        {
            var s = e.GetString()!;
            if (string.Equals(s, a.Text, StringComparison.OrdinalIgnoreCase)) return a.Value;
            if (string.Equals(s, b.Text, StringComparison.OrdinalIgnoreCase)) return b.Value;
        }
        errors.Add($"{field} must be \"{a.Text}\" or \"{b.Text}\", got {Raw(e)}");
        return null;
    }

    /// <summary>Instructions to the system anywhere in the plan's text refuse the whole plan (see <see cref="InjectedInstructions"/>).</summary>
    private static string? FindInstructions(string marketView, string holdReason, JsonElement orders)
    {
        var texts = new List<(string Field, string Text)> { ("market_view", marketView), ("hold_reason", holdReason) };
        var i = 0;
        foreach (var order in orders.EnumerateArray())
        {
            if (order.ValueKind == JsonValueKind.Object)
                foreach (var p in order.EnumerateObject())
                    if (p.Value.ValueKind == JsonValueKind.String)
                        texts.Add(($"orders[{i}].{UntrustedText.Quote(p.Name, 20)}", UntrustedText.Clean(p.Value.GetString()!)));
            i++;
        }
        foreach (var (field, text) in texts)
            if (InjectedInstructions.Find(text) is { } phrase)
                return $"{field} carries instructions to the system (\"{UntrustedText.Quote(phrase, 60)}\"): the whole plan is refused";
        return null;
    }

    private static bool TryText(JsonElement root, string name, int max, out string text, out string error)
    {
        text = "";
        error = "";
        if (!root.TryGetProperty(name, out var e) || e.ValueKind != JsonValueKind.String)
        {
            error = $"'{name}' must be a string";
            return false;
        }
        text = UntrustedText.Clean(e.GetString()!);
        if (text.Length > max)
        {
            error = $"'{name}' of {text.Length} characters exceeds {max}";
            return false;
        }
        return true;
    }

    private static string Label(JsonElement e)
    {
        if (e.ValueKind != JsonValueKind.Object) return "";
        var ticker = e.TryGetProperty("ticker", out var t) && t.ValueKind == JsonValueKind.String ? UntrustedText.Quote(t.GetString()!, 12) : "?";
        var side = e.TryGetProperty("side", out var s) && s.ValueKind == JsonValueKind.String ? UntrustedText.Quote(s.GetString()!, 8) : "?";
        return $" ({ticker} {side})";
    }

    private static string Raw(JsonElement e) => e.ValueKind switch
    {
        JsonValueKind.String => $"the string \"{UntrustedText.Quote(e.GetString()!)}\"",
        JsonValueKind.Object => "an object",
        JsonValueKind.Array => "an array",
        _ => UntrustedText.Quote(e.GetRawText()),
    };

    private static string Upper(Side side) => side == Side.Buy ? "BUY" : "SELL";

    private static string Krw(decimal v) => v.ToString("#,0.##", CultureInfo.InvariantCulture);
}
