using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Decisions;
using KisTrader.Core.Market;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>The LLM's analysis, accepted whole or not at all. Insight numbers are ours (computed on the outcomes its
/// conditions match), never the LLM's; its rules are proposals that go through validation like any other.</summary>
public sealed record LlmAnalysis(bool Accepted, string? Summary, IReadOnlyList<Insight> Insights, IReadOnlyList<RuleProposal> Rules, string? Note)
{
    public static LlmAnalysis Rejected(string note) => new(false, null, [], [], note);
}

/// <summary>
/// Optional part of M2: sends the aggregate, the top statistical insights and a compact table of outcomes (numbers
/// and our own justifications only) to the LLM with <see cref="ReflectionAnalysisSchema"/>, and parses the answer
/// strictly: malformed JSON, a missing or unknown field, a wrong type, too many items, an insight condition that does
/// not parse, or instructions to the system anywhere in the text reject the whole analysis with the reason.
/// </summary>
public sealed class LlmReflectionAnalyst(ILlmClient client, string promptTemplate, TimeSpan? timeout = null)
{
    public const string Source = "llm";
    public const int MaxOutcomeRows = 200;
    public const int MaxTextLength = 2_000;
    private const string UserPrompt = "Analyse the trading record in the instructions. Answer with the JSON object only.";
    private static readonly HashSet<string> RootFields = ["summary", "insights", "rules"];
    private static readonly HashSet<string> InsightFields = ["side", "condition", "description", "rationale"];
    private static readonly HashSet<string> RuleFieldsAllowed = ["category", "condition", "action", "size_factor", "priority", "rationale"];
    private static readonly string[] TableFields =
        ["rsi14", "change_pct", "volume_surge", "price_vs_sma20_pct", "return_5d_pct", "bb_position_pct", "confidence", "position_weight_pct", "hour_kst", "sentiment"];

    private readonly TimeSpan _timeout = timeout ?? TimeSpan.FromSeconds(90);

    public async Task<LlmAnalysis> AnalyzeAsync(PerformanceReport? performance, IReadOnlyList<Insight> insights, IReadOnlyList<TradeOutcome> outcomes,
        int minTrades, CancellationToken ct = default)
    {
        var system = Render(performance, insights, outcomes);
        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(_timeout);
        LlmCompletion completion;
        try
        {
            completion = await client.CompleteJsonAsync(system, UserPrompt, ReflectionAnalysisSchema.Name, ReflectionAnalysisSchema.Json, cts.Token)
                .ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return LlmAnalysis.Rejected($"the LLM did not answer within {_timeout.TotalSeconds:0} s");
        }
        catch (LlmCallException ex)
        {
            // The client's reason is already in words ("connection refused", "HTTP 500 Internal Server Error").
            return LlmAnalysis.Rejected($"the LLM call failed: {ex.Message}");
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            return LlmAnalysis.Rejected($"the LLM call failed: {ex.GetType().Name}: {UntrustedText.Quote(ex.Message, 300)}");
        }
        return Parse(completion.Content, outcomes, insights.Count, minTrades);
    }

    /// <summary>Parses an UNTRUSTED answer; anything off-schema rejects it whole.</summary>
    public static LlmAnalysis Parse(string? raw, IReadOnlyList<TradeOutcome> outcomes, int insightsBefore = 0, int minTrades = 1)
    {
        if (string.IsNullOrWhiteSpace(raw)) return LlmAnalysis.Rejected("rejected: empty answer");
        if (raw.Length > 64_000) return LlmAnalysis.Rejected($"rejected: answer of {raw.Length} characters is too long");
        try
        {
            using var doc = JsonDocument.Parse(raw, new JsonDocumentOptions { MaxDepth = 8, AllowDuplicateProperties = false });
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object) return LlmAnalysis.Rejected($"rejected: the answer must be a JSON object, got {root.ValueKind}");
            if (Shape(root, RootFields, "the answer") is { } e0) return LlmAnalysis.Rejected("rejected: " + e0);
            var summary = Text(root, "summary", "summary");
            var insightsJson = Array(root, "insights", ReflectionAnalysisSchema.MaxInsights);
            var rulesJson = Array(root, "rules", ReflectionAnalysisSchema.MaxRules);

            var insights = new List<Insight>();
            var i = 0;
            foreach (var item in insightsJson.EnumerateArray())
            {
                var at = $"insights[{i++}]";
                if (item.ValueKind != JsonValueKind.Object) throw new FormatException($"{at} must be an object");
                if (Shape(item, InsightFields, at) is { } e1) throw new FormatException(e1);
                var side = Text(item, "side", at);
                if (side is not ("BUY" or "SELL")) throw new FormatException($"{at}.side must be \"BUY\" or \"SELL\"");
                var condition = Text(item, "condition", at);
                if (!RuleLanguage.TryParse(condition, out var expression, out var error))
                    throw new FormatException($"{at}.condition does not parse: {error}");
                var description = Text(item, "description", at);
                var rationale = Text(item, "rationale", at);
                insights.Add(Measure(side, condition, expression!, description, rationale, outcomes, minTrades));
            }

            var rules = new List<RuleProposal>();
            var r = 0;
            foreach (var item in rulesJson.EnumerateArray())
            {
                var at = $"rules[{r++}]";
                if (item.ValueKind != JsonValueKind.Object) throw new FormatException($"{at} must be an object");
                if (Shape(item, RuleFieldsAllowed, at) is { } e2) throw new FormatException(e2);
                var sizeJson = item.GetProperty("size_factor");
                decimal? size = sizeJson.ValueKind switch
                {
                    JsonValueKind.Null => null,
                    JsonValueKind.Number when sizeJson.TryGetDecimal(out var d) => d,
                    _ => throw new FormatException($"{at}.size_factor must be a number or null"),
                };
                var priorityJson = item.GetProperty("priority");
                if (priorityJson.ValueKind != JsonValueKind.Number || !priorityJson.TryGetInt32(out var priority))
                    throw new FormatException($"{at}.priority must be an integer");
                rules.Add(new RuleProposal(Text(item, "category", at), Text(item, "condition", at), Text(item, "action", at), size, priority,
                    $"{Text(item, "rationale", at)} (proposed by the LLM)", null));
            }

            foreach (var text in (string[])[summary, .. insights.Select(x => x.Description), .. rules.Select(x => x.Rationale!)])
                if (InjectedInstructions.Find(text) is { } phrase)
                    return LlmAnalysis.Rejected($"rejected: the answer carries instructions to the system (\"{UntrustedText.Quote(phrase, 60)}\")");

            var numbered = insights.Select((x, n) => x with { InsightId = $"I-{insightsBefore + n + 1:00}" }).ToList();
            return new LlmAnalysis(true, summary, numbered, rules, null);
        }
        catch (JsonException ex)
        {
            return LlmAnalysis.Rejected($"rejected: malformed JSON: {UntrustedText.Quote(ex.Message, 200)}");
        }
        catch (FormatException ex)
        {
            return LlmAnalysis.Rejected($"rejected: {ex.Message}");
        }
    }

    /// <summary>An LLM insight with our own numbers: the outcomes of its side its condition matches.</summary>
    private static Insight Measure(string side, string condition, RuleExpression expression, string description, string rationale,
        IReadOnlyList<TradeOutcome> outcomes, int minTrades)
    {
        var ofSide = outcomes.Where(o => o.Action == side).ToList();
        var matched = ofSide.Where(o => expression.Evaluate(o.Features)).ToList();
        var overall = ofSide.Count > 0 ? ofSide.Average(o => o.ReturnPercent) : 0m;
        var average = matched.Count > 0 ? matched.Average(o => o.ReturnPercent) : 0m;
        var impact = matched.Count > 0 ? Math.Max(0m, overall - average) : 0m;
        var frequency = ofSide.Count > 0 ? (decimal)matched.Count / ofSide.Count : 0m;
        var losers = matched.Count(o => o.NetPnl < 0m);
        var numbers = $"{side} when {condition}: {matched.Count} trades, {losers} lost, average {FactorAnalyzer.Pct(average)} vs {FactorAnalyzer.Pct(overall)} overall";
        var note = matched.Count < minTrades ? $" (fewer than {minTrades} trades)" : "";
        return new Insight("", Source, side, "llm", condition, expression.Text, matched.Count, losers, matched.Count(o => o.NetPnl > 0m),
            Math.Round(average, 2), matched.Sum(o => o.NetPnl), Math.Round(frequency, 4), Math.Round(impact, 2), Math.Round(frequency * impact, 4),
            $"{numbers}{note}: {description} — {rationale}");
    }

    private static string? Shape(JsonElement obj, HashSet<string> allowed, string at)
    {
        var names = obj.EnumerateObject().Select(p => p.Name).ToList();
        var unknown = names.Where(n => !allowed.Contains(n)).ToList();
        if (unknown.Count > 0) return $"{at} has unknown field(s) {string.Join(", ", unknown.Select(n => $"'{UntrustedText.Quote(n, 30)}'"))}";
        var missing = allowed.Where(n => !names.Contains(n)).ToList();
        return missing.Count > 0 ? $"{at} lacks field(s) {string.Join(", ", missing)}" : null;
    }

    private static string Text(JsonElement obj, string name, string at)
    {
        var e = obj.GetProperty(name);
        if (e.ValueKind != JsonValueKind.String) throw new FormatException($"{at}.{name} must be a string, got {e.ValueKind}");
        var s = UntrustedText.Clean(e.GetString()!);
        if (s.Length == 0) throw new FormatException($"{at}.{name} is empty");
        if (s.Length > MaxTextLength) throw new FormatException($"{at}.{name} of {s.Length} characters exceeds {MaxTextLength}");
        return s;
    }

    private static JsonElement Array(JsonElement root, string name, int max)
    {
        var e = root.GetProperty(name);
        if (e.ValueKind != JsonValueKind.Array) throw new FormatException($"{name} must be an array, got {e.ValueKind}");
        if (e.GetArrayLength() > max) throw new FormatException($"{name} has {e.GetArrayLength()} items, at most {max} allowed");
        return e;
    }

    private string Render(PerformanceReport? p, IReadOnlyList<Insight> insights, IReadOnlyList<TradeOutcome> outcomes)
    {
        var json = new JsonSerializerOptions { PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower };
        var performance = p is null ? "{}" : JsonSerializer.Serialize(new
        {
            from = Market.KoreaTime.Format(p.From),
            to = Market.KoreaTime.Format(p.To),
            trades = p.Trades,
            round_trips = p.RoundTrips.Count,
            realised_net_pnl_krw = p.RealisedNetPnl,
            win_rate = p.WinRate,
            average_return_pct = p.AverageReturnPercent,
            worst_loss_krw = p.WorstLossKrw,
            best = p.Best.Select(Highlight),
            worst = p.Worst.Select(Highlight),
        }, json);
        var top = JsonSerializer.Serialize(insights.Take(10).Select(i => new
        {
            id = i.InsightId, side = i.Side, condition = i.Condition, trades = i.Trades, losers = i.Losers, winners = i.Winners,
            average_return_pct = i.AverageReturnPercent, score = i.Score,
        }), json);
        var rows = new List<string> { "trade_id,side,ticker,date_kst,return_pct,net_pnl_krw,source,trend," + string.Join(",", TableFields) };
        foreach (var o in outcomes.OrderByDescending(o => o.Timestamp).Take(MaxOutcomeRows))
        {
            var trend = o.Features.TryGetText("trend", out var t) ? t : "";
            var values = TableFields.Select(f => o.Features.TryGetNumber(f, out var v) ? v.ToString(CultureInfo.InvariantCulture) : "");
            rows.Add($"{o.TradeId},{o.Action},{o.Ticker},{o.Timestamp.ToKst():yyyy-MM-dd},{o.ReturnPercent.ToString(CultureInfo.InvariantCulture)}," +
                $"{o.NetPnl.ToString(CultureInfo.InvariantCulture)},{o.Source},{trend},{string.Join(",", values)}");
        }
        var fields = string.Join("\n", RuleFields.All.Select(f => $"- {f.Name}: {f.Type.ToString().ToLowerInvariant()}, {f.Description}"));
        return promptTemplate
            .Replace("{{performance}}", performance, StringComparison.Ordinal)
            .Replace("{{insights}}", top, StringComparison.Ordinal)
            .Replace("{{outcomes}}", string.Join("\n", rows), StringComparison.Ordinal)
            .Replace("{{rule_fields}}", fields, StringComparison.Ordinal);
    }

    private static object Highlight(TradeHighlight h) => new
    {
        trade_id = h.TradeId, ticker = h.Ticker, net_pnl_krw = h.NetPnl, return_pct = h.ReturnPercent,
        // Our own justification, written when the decision was made; kept short and on one line.
        justification = UntrustedText.Quote(h.Justification, 200),
    };
}
