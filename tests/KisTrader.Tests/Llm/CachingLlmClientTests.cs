using KisTrader.Core.Decisions;
using KisTrader.Core.Decisions.Caching;
using KisTrader.Testing;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Llm;

/// <summary>The backtests' LLM response cache: replays by the full request key, fetches misses only within a budget,
/// and a miss it may not fetch is "no decision" through the real decision engine.</summary>
public sealed class CachingLlmClientTests
{
    private const string ValidPlan = """{"orders":[{"ticker":"000660","side":"BUY","quantity":3,"price_type":"LIMIT","limit_price":180000,"justification":"Entry 2-3: RSI 45 turning up.","confidence":0.7}],"market_view":"Calm.","hold_reason":""}""";

    private readonly ManualTimeProvider _clock = new(Now);
    private readonly InMemoryLlmResponseCache _cache = new();

    /// <summary>An inner model that answers in order and counts its calls (a real ILlmClient is not needed: the decorator
    /// never looks inside the answer).</summary>
    private sealed class ScriptedLlm(params Func<LlmCompletion>[] answers) : ILlmClient
    {
        public List<(string System, string User)> Calls { get; } = [];

        public Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct)
        {
            Calls.Add((systemPrompt, userPrompt));
            return Task.FromResult(answers[Math.Min(Calls.Count - 1, answers.Length - 1)]());
        }
    }

    private static Func<LlmCompletion> Answer(string content, int inTokens = 1_000, int outTokens = 200) =>
        () => new LlmCompletion(content, "gpt-test-2026-01-01", inTokens, outTokens);

    private CachingLlmClient Client(ILlmClient inner, LlmCacheMode mode, int? maxCalls = null, long? maxTokens = null) =>
        new(inner, _cache, _clock, new LlmCacheOptions { Mode = mode, Model = "gpt-test", MaxCalls = maxCalls, MaxTokens = maxTokens });

    private static Task<LlmCompletion> Ask(ILlmClient c, string system = "system", string user = "user") =>
        c.CompleteJsonAsync(system, user, PlanSchema.Name, PlanSchema.Json, CancellationToken.None);

    [Fact]
    public async Task Hit_ReturnsTheStoredCompletion_WithoutCallingTheModel()
    {
        var key = LlmCacheKey.Compute("gpt-test", "system", "user", PlanSchema.Name, PlanSchema.Json);
        await _cache.PutAsync(new CachedLlmResponse(key, "gpt-stored", Now.AddDays(-3), "stored answer", 11, 22));
        var inner = new ScriptedLlm(Answer("fresh answer"));
        var client = Client(inner, LlmCacheMode.FetchWithinBudget);

        var completion = await Ask(client);

        Assert.Equal(new LlmCompletion("stored answer", "gpt-stored", 11, 22), completion);
        Assert.Empty(inner.Calls);
        Assert.Equal(new LlmCacheCounters(1, 0, 0, 0), client.Counters);
    }

    [Fact]
    public async Task ReplayOnlyMiss_IsRefused_WithoutCallingTheModel()
    {
        var inner = new ScriptedLlm(Answer("fresh answer"));
        var client = Client(inner, LlmCacheMode.ReplayOnly);

        var ex = await Assert.ThrowsAsync<LlmResponseNotCachedException>(() => Ask(client));

        Assert.Equal("replay only", ex.Reason);
        Assert.Empty(inner.Calls);
        Assert.Equal(0, _cache.Count);
        Assert.Equal(new LlmCacheCounters(0, 0, 1, 0), client.Counters);
    }

    [Fact]
    public async Task FetchedMiss_IsStored_AndTheNextIdenticalRequestIsAHit()
    {
        var inner = new ScriptedLlm(Answer("first answer", 1_000, 200), Answer("second answer"));
        var client = Client(inner, LlmCacheMode.FetchWithinBudget, maxCalls: 5);

        var first = await Ask(client);
        var second = await Ask(client);

        Assert.Equal("first answer", first.Content);
        Assert.Equal(first, second);
        Assert.Single(inner.Calls);
        Assert.Equal(new LlmCacheCounters(1, 1, 0, 1_200), client.Counters);
        var stored = await _cache.GetAsync(LlmCacheKey.Compute("gpt-test", "system", "user", PlanSchema.Name, PlanSchema.Json));
        Assert.Equal(new CachedLlmResponse(stored!.Key, "gpt-test-2026-01-01", Now, "first answer", 1_000, 200), stored);
    }

    [Fact]
    public async Task CallBudgetSpent_FurtherMissesAreRefused()
    {
        var inner = new ScriptedLlm(Answer("answer"));
        var client = Client(inner, LlmCacheMode.FetchWithinBudget, maxCalls: 2);

        await Ask(client, user: "day 1");
        await Ask(client, user: "day 2");
        var ex = await Assert.ThrowsAsync<LlmResponseNotCachedException>(() => Ask(client, user: "day 3"));
        await Ask(client, user: "day 1"); // still a hit: the budget limits calls, not replays

        Assert.Equal("call budget of 2 spent", ex.Reason);
        Assert.Equal(2, inner.Calls.Count);
        Assert.Equal(new LlmCacheCounters(1, 2, 1, 2_400), client.Counters);
    }

    [Fact]
    public async Task TokenBudgetSpent_FurtherMissesAreRefused()
    {
        var inner = new ScriptedLlm(Answer("answer", 3_000, 1_000));
        var client = Client(inner, LlmCacheMode.FetchWithinBudget, maxTokens: 5_000);

        await Ask(client, user: "day 1"); // 4,000 spent: below the limit, so one more call is allowed
        await Ask(client, user: "day 2"); // 8,000 spent
        var ex = await Assert.ThrowsAsync<LlmResponseNotCachedException>(() => Ask(client, user: "day 3"));

        Assert.Equal("token budget of 5000 spent", ex.Reason);
        Assert.Equal(2, inner.Calls.Count);
        Assert.Equal(new LlmCacheCounters(0, 2, 1, 8_000), client.Counters);
    }

    [Fact]
    public async Task FailedCall_PassesThrough_AndStoresNothing()
    {
        var inner = new ScriptedLlm(() => throw new LlmCallException(LlmFailureKind.HttpError, "HTTP 500 Internal Server Error", 500));
        var client = Client(inner, LlmCacheMode.FetchWithinBudget);

        await Assert.ThrowsAsync<LlmCallException>(() => Ask(client));

        Assert.Equal(0, _cache.Count);
        Assert.Equal(new LlmCacheCounters(0, 0, 0, 0), client.Counters);
    }

    [Fact]
    public async Task ReplayOnlyMiss_ThroughTheRealEngine_IsNoDecision_NotAPlan_AndBillsNothing()
    {
        var usage = new InMemoryLlmUsageStore();
        var inner = new ScriptedLlm(Answer(ValidPlan));
        var engine = new LlmDecisionEngine(Client(inner, LlmCacheMode.ReplayOnly), new FilePromptSource(RepoPrompt.Path), usage, _clock);

        var result = await engine.DecideAsync(EngineInput);

        Assert.Null(result.Plan);
        var rejection = Assert.IsType<PlanRejection>(result.Rejection);
        Assert.Equal("no decision: no cached LLM response (replay only)", Assert.Single(rejection.Errors));
        Assert.True(LlmDecisionEngine.IsNoDecision(rejection));
        Assert.Empty(inner.Calls);
        Assert.Empty(usage.Records);
    }

    [Fact]
    public async Task ARunFetchedOnce_ReplaysToTheSamePlan_WithoutTheModel()
    {
        var prompts = new FilePromptSource(RepoPrompt.Path);
        var fetching = new LlmDecisionEngine(Client(new ScriptedLlm(Answer(ValidPlan)), LlmCacheMode.FetchWithinBudget, maxCalls: 1),
            prompts, new InMemoryLlmUsageStore(), _clock);
        var first = await fetching.DecideAsync(EngineInput);
        var model = new ScriptedLlm(Answer("""{"orders":[],"market_view":"different","hold_reason":"x"}"""));
        var replaying = new LlmDecisionEngine(Client(model, LlmCacheMode.ReplayOnly), prompts, new InMemoryLlmUsageStore(), _clock);

        var replayed = await replaying.DecideAsync(EngineInput);

        Assert.Empty(model.Calls);
        Assert.Equal(first.Plan!.Orders, replayed.Plan!.Orders);
        Assert.Equal(first.Plan.Summary, replayed.Plan.Summary);
    }

    [Fact]
    public async Task AnAnswerTheGuardRejects_StaysCached_AndReplaysAsTheSameRejection()
    {
        var inner = new ScriptedLlm(Answer("this is not JSON"));
        var engine = new LlmDecisionEngine(Client(inner, LlmCacheMode.FetchWithinBudget), new FilePromptSource(RepoPrompt.Path),
            new InMemoryLlmUsageStore(), _clock);

        var first = await engine.DecideAsync(EngineInput);
        var again = await engine.DecideAsync(EngineInput);

        Assert.Equal(1, _cache.Count);
        Assert.Single(inner.Calls);
        Assert.Null(first.Plan);
        Assert.False(LlmDecisionEngine.IsNoDecision(first.Rejection!)); // the model answered: a refused plan, not a missing one
        Assert.Equal(first.Rejection!.Errors, again.Rejection!.Errors);
    }

    [Fact]
    public void Key_ChangesWhenAnyByteOfAnyFieldChanges()
    {
        string[] fields = ["gpt-test", "system prompt 매수", "user prompt", PlanSchema.Name, PlanSchema.Json];
        var baseline = LlmCacheKey.Compute(fields[0], fields[1], fields[2], fields[3], fields[4]);
        var keys = new HashSet<string> { baseline };
        for (var f = 0; f < fields.Length; f++)
            foreach (var position in new[] { 0, fields[f].Length / 2, fields[f].Length - 1 })
            {
                var changed = (string[])fields.Clone();
                var chars = changed[f].ToCharArray();
                chars[position] = (char)(chars[position] ^ 1);
                changed[f] = new string(chars);
                Assert.True(keys.Add(LlmCacheKey.Compute(changed[0], changed[1], changed[2], changed[3], changed[4])), $"field {f} position {position}");
            }
        // Moving a byte from one field to the next changes the key too (the length prefixes keep the fields apart).
        Assert.True(keys.Add(LlmCacheKey.Compute("gpt-tes", "tsystem prompt 매수", fields[2], fields[3], fields[4])));
    }

    [Fact]
    public void Key_IsTheDocumentedSha256_TheSameInEveryProcess()
    {
        // Computed independently:
        //   printf 'kistrader-llm-cache/v1\n8:gpt-test\n10:매수 sys\n4:user\n4:plan\n2:{}\n' | sha256sum
        //   printf 'kistrader-llm-cache/v1\n0:\n10:매수 sys\n4:user\n4:plan\n2:{}\n' | sha256sum
        Assert.Equal("f6ecfe90dade210c91cdddf635878c0e1e8f2dc505d9dcc96089eb430ccd9d58", LlmCacheKey.Compute("gpt-test", "매수 sys", "user", "plan", "{}"));
        Assert.Equal("2c479e9658c2696e2a43db5251e4ddc5a45ff08295266320da970b74ab3761bf", LlmCacheKey.Compute("", "매수 sys", "user", "plan", "{}"));
    }

    private static readonly DecisionInput EngineInput = Input(
        Portfolio(10_000_000m, Held("005930", 10, 70_000m, 71_000m)),
        Snapshot(Ticker("005930", 71_000m, rsi: 58m, lower: 49_700m, upper: 92_300m), Ticker("000660", 180_000m, rsi: 45m))) with { RunId = "run-7" };
}
