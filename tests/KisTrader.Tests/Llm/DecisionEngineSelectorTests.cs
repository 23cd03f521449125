using KisTrader.Core.Decisions;
using KisTrader.Core.Market;
using KisTrader.Testing;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Llm;

public class DecisionEngineSelectorTests
{
    private readonly InMemoryLlmUsageStore _usage = new();
    private readonly ManualTimeProvider _clock = new(Now);
    private readonly RulesDecisionEngine _rules = new();
    private readonly LlmDecisionEngine _llm;

    public DecisionEngineSelectorTests() =>
        _llm = new LlmDecisionEngine(TestLlmClient.Create(new LlmOptions { Endpoint = new Uri("http://127.0.0.1:9/v1"), ApiKey = "k" }),
            new FilePromptSource(RepoPrompt.Path), _usage, _clock);

    private void Spent(decimal usd, DateTimeOffset at) => _usage.Records.Enqueue(new LlmUsageRecord(at, "m", 1, 1, usd, null, LlmOutcome.Accepted));

    [Fact]
    public async Task Select_WithoutLlm_UsesRulesAndSaysWhy()
    {
        var (engine, notice) = await new DecisionEngineSelector(_rules, null, _usage, 20m, _clock).SelectAsync();
        Assert.Same(_rules, engine);
        Assert.Equal("no LLM configured: rules engine", notice);
    }

    [Fact]
    public async Task Select_UnderBudget_UsesTheLlm()
    {
        Spent(19.99m, Now.AddDays(-1));
        var (engine, notice) = await new DecisionEngineSelector(_rules, _llm, _usage, 20m, _clock).SelectAsync();
        Assert.Same(_llm, engine);
        Assert.Null(notice);
    }

    [Fact]
    public async Task Select_BudgetUsedUp_FallsBackToRulesWithNotice()
    {
        Spent(12m, Now.AddDays(-2));
        Spent(8m, Now.AddHours(-1));
        var (engine, notice) = await new DecisionEngineSelector(_rules, _llm, _usage, 20m, _clock).SelectAsync();
        Assert.Same(_rules, engine);
        Assert.Equal("LLM budget of $20 used up this month: rules engine", notice);
    }

    [Fact]
    public async Task Select_LastMonthsSpending_DoesNotCount()
    {
        // 2026-11-01 00:00 KST is 2026-10-31 15:00 UTC: a call at 14:59 UTC that day belongs to October.
        Spent(100m, new DateTimeOffset(2026, 10, 31, 14, 59, 0, TimeSpan.Zero));
        var (engine, _) = await new DecisionEngineSelector(_rules, _llm, _usage, 20m, _clock).SelectAsync();
        Assert.Same(_llm, engine);
        Assert.Equal(new DateTimeOffset(2026, 11, 1, 0, 0, 0, KoreaTime.Offset), DecisionEngineSelector.StartOfMonthKst(Now));
    }

    private void Outcome(string outcome, int minutesAgo) =>
        _usage.Records.Enqueue(new LlmUsageRecord(Now.AddMinutes(-minutesAgo), "m", 0, 0, 0m, null, outcome));

    [Fact]
    public async Task Select_AfterMaxConsecutiveFailures_AsksTheLlmWithTheRulesEngineAsFallback_AndSaysSo()
    {
        Outcome(LlmOutcome.Accepted, 40);
        Outcome(LlmOutcome.Error, 30);
        Outcome(LlmOutcome.Timeout, 20);
        Outcome(LlmOutcome.Rejected, 10);

        var choice = await new DecisionEngineSelector(_rules, _llm, _usage, 20m, _clock, maxConsecutiveFailures: 3).SelectAsync();

        Assert.Same(_llm, choice.Engine);
        Assert.Same(_rules, choice.OnFailure);
        Assert.Equal("the last 3 LLM calls failed: rules engine until the LLM answers again", choice.Notice);
    }

    [Fact]
    public async Task Select_FewerFailuresThanTheLimit_OrASuccessSince_NoFallback()
    {
        Outcome(LlmOutcome.Error, 30);
        Outcome(LlmOutcome.Error, 20);
        var selector = new DecisionEngineSelector(_rules, _llm, _usage, 20m, _clock, maxConsecutiveFailures: 3);
        Assert.Null((await selector.SelectAsync()).OnFailure);

        Outcome(LlmOutcome.Error, 15);
        Assert.NotNull((await selector.SelectAsync()).OnFailure);

        Outcome(LlmOutcome.Accepted, 5); // the LLM answered again
        var choice = await selector.SelectAsync();
        Assert.Null(choice.OnFailure);
        Assert.Null(choice.Notice);
    }

    [Fact]
    public async Task Select_BudgetUsedUp_WinsOverTheFailureFallback()
    {
        Spent(25m, Now.AddHours(-2));
        for (var i = 0; i < 3; i++) Outcome(LlmOutcome.Error, i);

        var choice = await new DecisionEngineSelector(_rules, _llm, _usage, 20m, _clock).SelectAsync();

        Assert.Same(_rules, choice.Engine);
        Assert.Null(choice.OnFailure);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Select_EngineCostsRecorded_ExhaustTheBudget(bool azure)
    {
        await using var server = await LoopbackChatServer.StartAsync();
        var options = azure
            ? new LlmOptions { Provider = LlmProvider.Azure, Endpoint = server.AzureEndpoint, ApiKey = LoopbackChatServer.AzureApiKey, Deployment = "d" }
            : new LlmOptions { Endpoint = server.Endpoint, ApiKey = "k", Model = "m" };
        var engine = new LlmDecisionEngine(TestLlmClient.Create(options),
            new FilePromptSource(RepoPrompt.Path), _usage, _clock, new LlmEngineOptions { InputUsdPerMillionTokens = 1_000m, OutputUsdPerMillionTokens = 0m });
        var selector = new DecisionEngineSelector(_rules, engine, _usage, 1m, _clock);
        var input = Input(Portfolio(10_000_000m), Snapshot(Ticker("005930", 71_000m)));

        Assert.Same(engine, (await selector.SelectAsync()).Engine);
        server.Enqueue(new ChatReply("""{"orders":[],"market_view":"","hold_reason":"nothing"}""", PromptTokens: 1_000));
        await engine.DecideAsync(input); // 1,000 tokens × $1,000 / 1M = $1
        Assert.Same(_rules, (await selector.SelectAsync()).Engine);
    }
}
