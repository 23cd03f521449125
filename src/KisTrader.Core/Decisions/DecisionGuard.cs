using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;

namespace KisTrader.Core.Decisions;

/// <summary>
/// Validates an UNTRUSTED plan (an LLM's raw JSON) against the decision input. An answer that is not JSON ("response was
/// not JSON: …") or off the schema's shape ("plan violates schema: …") rejects the plan whole, with every problem found.
/// Otherwise every order is checked on its own and only the bad orders are dropped, each with all of its reasons (the
/// prompt says the same): ticker in the universe, side BUY/SELL, quantity a positive JSON integer up to the cap and worth no
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

    /// <summary>Prefix of a rejection for an answer that is not one JSON object at all.</summary>
    public const string NotJson = "response was not JSON";
    /// <summary>Prefix of a rejection for JSON whose plan does not have the schema's shape.</summary>
    public const string SchemaViolation = "plan violates schema";

    public static GuardOutcome Check(string? rawJson, DecisionInput input, GuardOptions? options = null)
    {
        var o = options ?? new GuardOptions();
        if (string.IsNullOrWhiteSpace(rawJson)) return GuardOutcome.Reject($"{NotJson}: the answer was empty");
        if (rawJson.Length > o.MaxJsonLength) return GuardOutcome.Reject($"{NotJson}: an answer of {rawJson.Length} characters exceeds {o.MaxJsonLength}");

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
            return GuardOutcome.Reject($"{NotJson}: {UntrustedText.Quote(ex.Message, 300)}");
        }

        using (doc)
        {
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return GuardOutcome.Reject($"{SchemaViolation}: the plan must be a JSON object, got {root.ValueKind}");
            // Every structural problem is reported, not only the first: the operator fixes the prompt or model once.
            var problems = new List<string>();
            var unexpected = root.EnumerateObject().Select(p => p.Name).Where(n => !PlanFields.Contains(n)).ToList();
            if (unexpected.Count > 0) problems.Add($"{SchemaViolation}: unexpected plan field(s) {string.Join(", ", unexpected.Select(n => $"'{UntrustedText.Quote(n)}'"))}");
            var hasOrders = root.TryGetProperty("orders", out var orders) && orders.ValueKind == JsonValueKind.Array;
            if (!hasOrders) problems.Add($"{SchemaViolation}: 'orders' must be an array");
            if (!TryText(root, "market_view", o.MaxTextLength, out var marketView, out var error)) problems.Add($"{SchemaViolation}: {error}");
            if (!TryText(root, "hold_reason", o.MaxTextLength, out var holdReason, out error)) problems.Add($"{SchemaViolation}: {error}");
            if (hasOrders)
            {
                problems.AddRange(FindInstructions(marketView, holdReason, orders));
                var count = orders.GetArrayLength();
                if (count > o.MaxOrders) problems.Add($"{count} orders exceed the maximum of {o.MaxOrders} per plan");
            }
            if (problems.Count > 0) return GuardOutcome.Reject([.. problems]);

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
                var priceErrors = PriceErrors(pv, analysis, input.Now);
                if (priceErrors.Count > 0) errors.AddRange(priceErrors);
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

        // What the order would do (value, sell) is judged whenever its parts are readable, so every problem of the order is
        // reported together.
        var value = 0m;
        if (ticker is not null && side is not null && quantity is not null)
        {
            if (side == Side.Sell)
            {
                var held = input.Portfolio.Find(ticker);
                if (held is null || held.SellableQuantity <= 0) errors.Add($"sell of {ticker}, which is not held (or nothing is sellable)");
                else if (quantity > held.SellableQuantity) errors.Add($"sell quantity {quantity} exceeds the sellable {held.SellableQuantity}");
            }
            var unitPrice = type switch
            {
                OrderPriceType.Limit => limit,
                OrderPriceType.Market => analysis?.Price,
                _ => null,
            };
            if (type == OrderPriceType.Market && unitPrice is not > 0) errors.Add($"no current price for {ticker} to value a MARKET order");
            else if (unitPrice is > 0)
            {
                // An on-tick price with no day limits to refuse it (the analysis may lack them) can be near decimal's range:
                // quantity × price must not overflow (that threw out of the decision instead of dropping the order).
                if (unitPrice.Value > decimal.MaxValue / quantity.Value)
                    errors.Add($"order value {quantity} × {Krw(unitPrice.Value)} KRW exceeds total equity {Krw(input.Portfolio.TotalEquity)} KRW");
                else
                {
                    value = quantity.Value * unitPrice.Value;
                    if (value > input.Portfolio.TotalEquity)
                        errors.Add($"order value {Krw(value)} KRW exceeds total equity {Krw(input.Portfolio.TotalEquity)} KRW");
                }
            }
        }

        if (errors.Count > 0 || ticker is null || side is null || type is null || quantity is null || confidence is null || justification is null)
            return (null, 0, errors);
        return (new PlannedOrder(ticker, side.Value, quantity.Value, type.Value, limit, justification, confidence.Value), value, errors);
    }

    private static List<string> PriceErrors(decimal price, TickerAnalysis? analysis, DateTimeOffset now)
    {
        var errors = new List<string>();
        var ind = analysis?.Indicators;
        var date = DateOnly.FromDateTime(now.ToKst().DateTime);
        if (ind is not null && ind.TryGetValue("tick_size", out var tick) && tick > 0)
        {
            if (price % tick != 0) errors.Add($"limit_price {Krw(price)} is not on the {Krw(tick)} KRW tick");
        }
        else if (!KrxRules.IsOnTick(price, date: date))
            errors.Add($"limit_price {Krw(price)} is not on the {Krw(KrxRules.TickSize(price, date: date))} KRW tick");
        if (ind is not null && ind.TryGetValue("lower_limit", out var lower) && ind.TryGetValue("upper_limit", out var upper)
            && (price < lower || price > upper))
            errors.Add($"limit_price {Krw(price)} is outside today's limits {Krw(lower)}–{Krw(upper)}");
        return errors;
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

    /// <summary>Instructions to the system anywhere in the plan's text refuse the whole plan (see <see cref="InjectedInstructions"/>);
    /// every field that carries them is named.</summary>
    private static IEnumerable<string> FindInstructions(string marketView, string holdReason, JsonElement orders)
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
                yield return $"{field} carries instructions to the system (\"{UntrustedText.Quote(phrase, 60)}\"): the whole plan is refused";
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
