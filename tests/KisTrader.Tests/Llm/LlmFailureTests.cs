using KisTrader.Core.Decisions;
using KisTrader.Testing;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using static KisTrader.Tests.Core.Decisions.DecisionSamples;

namespace KisTrader.Tests.Llm;

/// <summary>
/// Each way an LLM decision fails, as a user with a local OpenAI-compatible server (or an Azure deployment) meets it,
/// through the real SDKs, the app's HTTP client (standard resilience handler) and the engine against the loopback server:
/// a rejection whose first reason says what happened in words, and a usage record with the matching outcome.
/// </summary>
public sealed class LlmFailureTests : IAsyncLifetime
{
    private LoopbackChatServer _server = default!;
    private readonly InMemoryLlmUsageStore _usage = new();

    public async Task InitializeAsync() => _server = await LoopbackChatServer.StartAsync();

    public async Task DisposeAsync() => await _server.DisposeAsync();

    private static readonly DecisionInput Input_ = Input(Portfolio(10_000_000m), Snapshot(Ticker("005930", 71_000m))) with { RunId = "run-f" };

    private LlmOptions Options(string provider, Uri? refusing = null, int timeoutSeconds = 20) => provider == "azure"
        ? new LlmOptions
        {
            Provider = LlmProvider.Azure, Endpoint = refusing is null ? _server.AzureEndpoint : new Uri(refusing.GetLeftPart(UriPartial.Authority) + "/"),
            ApiKey = LoopbackChatServer.AzureApiKey, Deployment = "d", TimeoutSeconds = timeoutSeconds,
        }
        : new LlmOptions { Endpoint = refusing ?? _server.Endpoint, Model = "local", TimeoutSeconds = timeoutSeconds };

    private LlmDecisionEngine Engine(LlmOptions options) => new(TestLlmClient.Create(options), new FilePromptSource(RepoPrompt.Path), _usage,
        new ManualTimeProvider(Now), new LlmEngineOptions { Timeout = TimeSpan.FromSeconds(options.TimeoutSeconds), InputUsdPerMillionTokens = 1m });

    private static string Reason(DecisionResult result)
    {
        Assert.Null(result.Plan);
        var reason = result.Rejection!.Reason;
        Assert.DoesNotContain("HTTP 0", reason);
        return reason;
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure")]
    public async Task UnreachableServer_IsConnectionRefused(string provider)
    {
        var refusing = LoopbackChatServer.RefusingEndpoint();

        var result = await Engine(Options(provider, refusing)).DecideAsync(Input_);

        Assert.Equal($"the LLM call failed: connection refused ({refusing.Authority})", Reason(result));
        Assert.Equal(LlmOutcome.Error, Assert.Single(_usage.Records).Outcome);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure")]
    public async Task Http500_IsNamedWithItsReasonPhrase_AndNotRetried(string provider)
    {
        _server.Enqueue(new ChatReply("", Status: 500, RawBody: """{"error":{"message":"model crashed","type":"server_error"}}"""));

        var result = await Engine(Options(provider)).DecideAsync(Input_);

        Assert.Equal("the LLM call failed: HTTP 500 Internal Server Error", Reason(result));
        // A 500 may have been processed (and billed): never sent twice.
        Assert.Single(_server.Requests);
        Assert.Equal(LlmOutcome.Error, Assert.Single(_usage.Records).Outcome);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure")]
    public async Task SlowServer_TimesOutAfterTheConfiguredSeconds_AndIsNotRetried(string provider)
    {
        _server.Enqueue(new ChatReply("{}", Delay: TimeSpan.FromSeconds(30)));

        var result = await Engine(Options(provider, timeoutSeconds: 1)).DecideAsync(Input_);

        Assert.Equal("the LLM call timed out after 1 s", Reason(result));
        Assert.Single(_server.Requests);
        Assert.Equal(LlmOutcome.Timeout, Assert.Single(_usage.Records).Outcome);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure")]
    public async Task ProseInsteadOfJson_IsResponseWasNotJson_AndItsTokensAreRecorded(string provider)
    {
        _server.Enqueue(new ChatReply("Sure! I would buy some Samsung today.", PromptTokens: 3_000, CompletionTokens: 12));

        var result = await Engine(Options(provider)).DecideAsync(Input_);

        Assert.StartsWith("response was not JSON: ", Reason(result));
        var record = Assert.Single(_usage.Records);
        Assert.Equal((LlmOutcome.Rejected, 3_000), (record.Outcome, record.InputTokens));
        Assert.True(record.CostUsd > 0);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure")]
    public async Task SchemaViolatingPlan_NamesEveryViolation(string provider)
    {
        _server.Enqueue(new ChatReply("""{"trades":[{"ticker":"005930"}],"market_view":"calm","hold_reason":""}"""));

        var result = await Engine(Options(provider)).DecideAsync(Input_);

        Assert.StartsWith("plan violates schema: unexpected plan field(s) 'trades'", Reason(result));
        Assert.Contains("plan violates schema: 'orders' must be an array", result.Rejection!.Errors);
        Assert.Equal(LlmOutcome.Rejected, Assert.Single(_usage.Records).Outcome);
    }

    [Theory]
    [InlineData("openai")]
    [InlineData("azure")]
    public async Task ServiceUnavailableTwice_IsRetried_AndTheAnswerIsRecordedOnce(string provider)
    {
        _server.Enqueue(new ChatReply("", Status: 503, RawBody: """{"error":{"message":"busy"}}"""));
        _server.Enqueue(new ChatReply("", Status: 503, RawBody: """{"error":{"message":"busy"}}"""));
        _server.Enqueue(new ChatReply("""{"orders":[],"market_view":"calm","hold_reason":"nothing to do"}""", PromptTokens: 2_000, CompletionTokens: 10));

        var result = await Engine(Options(provider)).DecideAsync(Input_);

        Assert.NotNull(result.Plan);
        Assert.Equal(3, _server.Requests.Count);
        var record = Assert.Single(_usage.Records);
        Assert.Equal((LlmOutcome.Accepted, 2_000), (record.Outcome, record.InputTokens));
    }

    [Fact]
    public async Task DroppedConnection_IsSaidInWords()
    {
        _server.Enqueue(new ChatReply("{}", Abort: true));

        var result = await Engine(Options("openai")).DecideAsync(Input_);

        Assert.StartsWith("the LLM call failed: ", Reason(result));
        Assert.DoesNotContain("Exception", Reason(result));
    }
}
