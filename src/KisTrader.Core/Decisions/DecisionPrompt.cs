using System.Text.Json;
using KisTrader.Core.Market;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Decisions;

/// <summary>
/// The decision prompt template (prompts/core_decision_prompt.md): fills {{portfolio}}, {{market_analysis}},
/// {{risk_limits}}, {{universe}} and {{now_kst}} with compact JSON/text, and exposes the Dynamic Rules section between
/// <see cref="RulesStart"/> and <see cref="RulesEnd"/>. Free text from outside (instrument names) is left out; the only
/// text in the context is what KisTrader itself wrote.
/// </summary>
public sealed class DecisionPrompt
{
    public const string RulesStart = "<!-- DYNAMIC_RULES_START -->";
    public const string RulesEnd = "<!-- DYNAMIC_RULES_END -->";

    private static readonly string[] Placeholders = ["{{portfolio}}", "{{market_analysis}}", "{{risk_limits}}", "{{universe}}", "{{now_kst}}"];

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        DefaultIgnoreCondition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingNull,
    };

    public DecisionPrompt(string template)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(template);
        var missing = Placeholders.Where(p => !template.Contains(p, StringComparison.Ordinal)).ToList();
        if (missing.Count > 0) throw new ArgumentException($"The decision prompt lacks placeholder(s) {string.Join(", ", missing)}.", nameof(template));
        Template = template;
        DynamicRules = ExtractDynamicRules(template);
    }

    public string Template { get; }

    /// <summary>The learned rules section (trimmed), or empty when the markers are missing.</summary>
    public string DynamicRules { get; }

    public static string ExtractDynamicRules(string template)
    {
        var start = template.IndexOf(RulesStart, StringComparison.Ordinal);
        var end = template.IndexOf(RulesEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) return "";
        start += RulesStart.Length;
        return template[start..end].Trim();
    }

    /// <summary>A copy of the template with the Dynamic Rules section replaced (for the reflection graph).</summary>
    public static string ReplaceDynamicRules(string template, string rules)
    {
        var start = template.IndexOf(RulesStart, StringComparison.Ordinal);
        var end = template.IndexOf(RulesEnd, StringComparison.Ordinal);
        if (start < 0 || end < start) throw new ArgumentException("The prompt has no Dynamic Rules markers.", nameof(template));
        return template[..(start + RulesStart.Length)] + "\n" + rules.Trim() + "\n" + template[end..];
    }

    /// <summary>The prompt with the context filled in.</summary>
    public string Render(DecisionInput input, RiskLimits limits) => Template
        .Replace("{{portfolio}}", PortfolioJson(input), StringComparison.Ordinal)
        .Replace("{{market_analysis}}", AnalysisJson(input.Analysis), StringComparison.Ordinal)
        .Replace("{{risk_limits}}", JsonSerializer.Serialize(limits, Json), StringComparison.Ordinal)
        .Replace("{{universe}}", JsonSerializer.Serialize(input.Universe.Order(StringComparer.Ordinal), Json), StringComparison.Ordinal)
        .Replace("{{now_kst}}", KoreaTime.Format(input.Now), StringComparison.Ordinal);

    private static string PortfolioJson(DecisionInput input)
    {
        var p = input.Portfolio;
        return JsonSerializer.Serialize(new
        {
            cash_krw = p.Cash,
            total_equity_krw = p.TotalEquity,
            cash_weight_pct = p.CashWeightPercent,
            unrealized_pnl_krw = p.UnrealizedPnl,
            positions = p.Positions.Select(x => new
            {
                ticker = x.Ticker,
                quantity = x.Quantity,
                sellable = x.SellableQuantity,
                average_price = x.AveragePrice,
                price = x.Price,
                weight_pct = x.WeightPercent,
                pnl_pct = x.UnrealizedPnlPercent,
            }),
        }, Json);
    }

    /// <summary>What the analysis says when no ML model scored it.</summary>
    public const string NoMlModel = "no ML model is active: no ticker has ml_prob";

    private static string AnalysisJson(MarketAnalysis a) => JsonSerializer.Serialize(new
    {
        taken_at_kst = KoreaTime.Format(a.TakenAt),
        feed = a.Feed.ToString(),
        stale = a.Stale,
        stale_reason = a.StaleReason,
        session = a.Session,
        sentiment = a.SentimentScore,
        // Which model gave each ticker's ml_prob, or why none has one (the prompt's entry conditions name the field).
        ml_signal = a.MlModelVersion is null ? null : a.MlSignal,
        ml_model_version = a.MlModelVersion,
        ml_note = a.MlModelVersion is null ? NoMlModel : null,
        tickers = a.Tickers.Select(t => new
        {
            ticker = t.Ticker,
            price = t.Price,
            change_pct = t.ChangeRatePercent,
            volume = t.Volume,
            trade_intensity = t.TradeIntensity,
            volume_surge = t.VolumeSurgeRatio,
            ml_prob = t.MlProbability,
            indicators = t.Indicators,
        }),
        opportunities = a.Opportunities.Select(s => new { ticker = s.Ticker, kind = s.Kind, description = s.Description }),
        risks = a.Risks.Select(s => new { ticker = s.Ticker, kind = s.Kind, description = s.Description }),
    }, Json);
}
