using KisTrader.Core.Decisions;
using KisTrader.Core.Reflection;
using KisTrader.Tests.Core.Reflection.Fakes;

namespace KisTrader.Tests.Core.Reflection;

public sealed class LlmReflectionAnalystTests
{
    private const string Template = "perf {{performance}} ins {{insights}} out {{outcomes}} fields {{rule_fields}}";

    private static readonly IReadOnlyList<TradeOutcome> Record =
    [
        Outcomes.Buy("l1", 75m, -5m), Outcomes.Buy("l2", 80m, -3m), Outcomes.Buy("l3", 71m, -1m), Outcomes.Buy("n1", 55m, 4m),
    ];

    private const string Valid = """
        {"summary":"Buying overbought names lost.",
         "insights":[{"side":"BUY","condition":"rsi14 >= 70","description":"overbought entries","rationale":"all three lost"}],
         "rules":[{"category":"entry","condition":"side == \"BUY\" and rsi14 >= 70","action":"block","size_factor":null,"priority":8,"rationale":"3 of 3 lost"}]}
        """;

    private sealed class FakeLlm(Func<string> answer) : ILlmClient
    {
        public string? System;
        public string? Schema;

        public Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct)
        {
            System = systemPrompt;
            Schema = jsonSchema;
            return Task.FromResult(new LlmCompletion(answer(), "test-model", 100, 50));
        }
    }

    private static Task<LlmAnalysis> Ask(string answer, FakeLlm? llm = null) =>
        new LlmReflectionAnalyst(llm ?? new FakeLlm(() => answer), Template).AnalyzeAsync(null, [], Record, 3);

    [Fact]
    public async Task A_valid_answer_gives_a_summary_insights_measured_on_our_data_and_rule_proposals()
    {
        var llm = new FakeLlm(() => Valid);
        var a = await Ask(Valid, llm);
        Assert.True(a.Accepted);
        Assert.Equal("Buying overbought names lost.", a.Summary);
        var insight = Assert.Single(a.Insights);
        Assert.Equal(("llm", 3, 3, -3m), (insight.Source, insight.Trades, insight.Losers, insight.AverageReturnPercent));
        var rule = Assert.Single(a.Rules);
        Assert.Equal(("entry", "block", (decimal?)null, (int?)8), (rule.Category, rule.Action, rule.SizeFactor, rule.Priority));
        Assert.Contains("l1,BUY,005930", llm.System);
        Assert.Contains("rsi14: number", llm.System);
        Assert.Equal(ReflectionAnalysisSchema.Json, llm.Schema);
    }

    [Theory]
    [InlineData("{\"summary\":\"x\",\"insights\":[", "malformed JSON")]
    [InlineData("[]", "must be a JSON object")]
    [InlineData("{\"summary\":\"x\",\"insights\":[]}", "lacks field(s) rules")]
    [InlineData("{\"summary\":7,\"insights\":[],\"rules\":[]}", "summary must be a string")]
    [InlineData("{\"summary\":\"x\",\"insights\":{},\"rules\":[]}", "insights must be an array")]
    [InlineData("{\"summary\":\"x\",\"insights\":[],\"rules\":[{\"category\":\"entry\",\"condition\":\"side == \\\"BUY\\\"\",\"action\":\"block\",\"size_factor\":null,\"priority\":\"high\",\"rationale\":\"r\"}]}", "priority must be an integer")]
    [InlineData("{\"summary\":\"x\",\"insights\":[],\"rules\":[{\"category\":\"entry\",\"condition\":\"side == \\\"BUY\\\"\",\"action\":\"block\",\"size_factor\":null,\"priority\":5,\"rationale\":\"r\",\"enforce_now\":true}]}", "unknown field(s) 'enforce_now'")]
    [InlineData("{\"summary\":\"x\",\"insights\":[{\"side\":\"BUY\",\"condition\":\"moon_phase > 3\",\"description\":\"d\",\"rationale\":\"r\"}],\"rules\":[]}", "condition does not parse")]
    public async Task A_malformed_answer_rejects_the_whole_analysis_with_the_reason(string answer, string reason)
    {
        var a = await Ask(answer);
        Assert.False(a.Accepted);
        Assert.Empty(a.Insights);
        Assert.Empty(a.Rules);
        Assert.Contains(reason, a.Note);
    }

    [Fact]
    public async Task A_valid_insight_next_to_a_broken_rule_is_not_kept_either()
    {
        var answer = Valid.Replace("\"priority\":8", "\"priority\":8.5");
        var a = await Ask(answer);
        Assert.False(a.Accepted);
        Assert.Empty(a.Insights);
    }

    [Fact]
    public async Task A_failing_LLM_is_a_note_not_an_error()
    {
        var a = await Ask("", new FakeLlm(() => throw new HttpRequestException("503")));
        Assert.False(a.Accepted);
        Assert.Contains("the LLM call failed", a.Note);
    }
}
