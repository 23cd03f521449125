using KisTrader.Core.Decisions;
using KisTrader.Core.Risk;
using KisTrader.Tests.Llm;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Core.Decisions;

public class DecisionPromptTests
{
    private static readonly string Baseline = File.ReadAllText(RepoPrompt.Path);

    private static readonly DecisionInput Sample = Input(
        Portfolio(5_000_000m, Held("005930", 10, 70_000m, 71_000m)),
        Snapshot(Ticker("005930", 71_000m, rsi: 58.25m, sma60: 65_000m), Ticker("000660", 180_000m)));

    [Fact]
    public void Render_FillsEveryPlaceholderWithCompactJson()
    {
        var text = new DecisionPrompt(Baseline).Render(Sample, new RiskLimits { MaxTickerWeightPercent = 15m });

        Assert.DoesNotContain("{{", text);
        Assert.Contains("Current time (KST): 2026-11-18 11:00:00", text);
        Assert.Contains("\"cash_krw\":5000000", text);
        Assert.Contains("{\"ticker\":\"005930\",\"quantity\":10,\"sellable\":10,\"average_price\":70000,\"price\":71000", text);
        Assert.Contains("\"rsi14\":58.25", text);
        Assert.Contains("\"max_ticker_weight_percent\":15", text);
        Assert.Contains("[\"000660\",\"005930\"]", text);
        Assert.Contains("\"stale\":false", text);
    }

    [Fact]
    public void Render_ShowsEachTickersMlProbabilityAndTheModelThatGaveIt()
    {
        var scored = Sample with
        {
            Analysis = Sample.Analysis with
            {
                Tickers = [Sample.Analysis.Tickers[0] with { MlProbability = 0.6731m }, Sample.Analysis.Tickers[1]],
                MlSignal = "up5d-1pct",
                MlModelVersion = "3",
            },
        };

        var text = new DecisionPrompt(Baseline).Render(scored, new RiskLimits());

        Assert.Contains("\"ml_signal\":\"up5d-1pct\",\"ml_model_version\":\"3\"", text);
        Assert.Contains("\"volume_surge\":1,\"ml_prob\":0.6731,", text.Replace(" ", "", StringComparison.Ordinal));
        Assert.DoesNotContain(DecisionPrompt.NoMlModel, text);
        // The unscored ticker has no ml_prob at all (not 0): it is no confirmation either way.
        Assert.Equal(1, System.Text.RegularExpressions.Regex.Count(text, "\"ml_prob\":"));
    }

    [Fact]
    public void Render_WithoutAnActiveModel_SaysSo()
    {
        var text = new DecisionPrompt(Baseline).Render(Sample, new RiskLimits());

        Assert.Contains($"\"ml_note\":\"{DecisionPrompt.NoMlModel}\"", text);
        Assert.DoesNotContain("\"ml_prob\":", text);
        Assert.DoesNotContain("\"ml_model_version\":", text);
    }

    [Fact]
    public void Baseline_EntryConfirmations_NameTheMlFields()
    {
        var entry = Baseline[Baseline.IndexOf("## Entry Conditions", StringComparison.Ordinal)..Baseline.IndexOf("## Exit Conditions", StringComparison.Ordinal)];

        Assert.Contains("`ml_prob` at\n   0.6 or above", entry);
        Assert.Contains("`ml_model_version`", entry);
        Assert.Contains("`ml_note`", entry);
        Assert.DoesNotContain("a positive ML signal", Baseline);
    }

    [Fact]
    public void DynamicRules_AreTheTextBetweenTheMarkers()
    {
        Assert.Equal("No learned rules yet.", new DecisionPrompt(Baseline).DynamicRules);
    }

    [Fact]
    public void ReplaceDynamicRules_ChangesOnlyThatSection()
    {
        var updated = DecisionPrompt.ReplaceDynamicRules(Baseline, "1. Do not buy within 10 minutes of the open.");

        Assert.Equal("1. Do not buy within 10 minutes of the open.", new DecisionPrompt(updated).DynamicRules);
        var before = Baseline[..Baseline.IndexOf(DecisionPrompt.RulesStart, StringComparison.Ordinal)];
        Assert.StartsWith(before, updated);
        Assert.EndsWith(DecisionPrompt.RulesEnd, updated.TrimEnd());
    }

    [Fact]
    public void Template_WithoutAPlaceholder_IsRefused()
    {
        var broken = Baseline.Replace("{{universe}}", "", StringComparison.Ordinal);
        var ex = Assert.Throws<ArgumentException>(() => new DecisionPrompt(broken));
        Assert.Contains("{{universe}}", ex.Message);
    }

    [Fact]
    public async Task FilePromptSource_ReadsTheFileAsVersionOne()
    {
        var prompt = await new FilePromptSource(RepoPrompt.Path).GetActiveAsync();
        Assert.Equal(1, prompt.Version);
        Assert.Equal(Baseline, prompt.Text);
    }

    [Fact]
    public void PlanSchema_IsValidJsonRequiringEveryOrderField()
    {
        using var doc = System.Text.Json.JsonDocument.Parse(PlanSchema.Json);
        var required = doc.RootElement.GetProperty("properties").GetProperty("orders").GetProperty("items").GetProperty("required")
            .EnumerateArray().Select(e => e.GetString()).ToList();
        Assert.Equal(["ticker", "side", "quantity", "price_type", "limit_price", "justification", "confidence"], required);
    }
}
