using KisTrader.Core.Decisions;
using KisTrader.Core.Risk;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Llm;

/// <summary>The IChatClient adapter of both providers, over the real SDKs (OpenAI 2.15.0 through
/// Microsoft.Extensions.AI.OpenAI, Azure.AI.OpenAI 2.9.0-beta.1) against the loopback chat-completions server.</summary>
public class ChatClientLlmClientTests
{
    private const string Schema = """{"type":"object","additionalProperties":false,"required":["a"],"properties":{"a":{"type":"integer"}}}""";

    private static LlmOptions Azure(LoopbackChatServer server, string? key = LoopbackChatServer.AzureApiKey) => new()
    {
        Provider = LlmProvider.Azure,
        Endpoint = server.AzureEndpoint,
        ApiKey = key,
        Deployment = "plan-deployment",
        ApiVersion = "2024-10-21",
    };

    [Theory]
    [InlineData("/v1")]
    [InlineData("/v1/")]
    public async Task OpenAi_AgainstAnOpenAiCompatibleBaseUrl_ReturnsContentModelAndTokens(string suffix)
    {
        await using var server = await LoopbackChatServer.StartAsync();
        server.Enqueue(new ChatReply("{\"a\":1}", PromptTokens: 12, CompletionTokens: 3));
        var endpoint = new Uri(server.Endpoint.GetLeftPart(UriPartial.Authority) + suffix);
        var client = TestLlmClient.Create(new LlmOptions { Endpoint = endpoint, ApiKey = "k", Model = "local-model" });

        var completion = await client.CompleteJsonAsync("sys", "user", "s", Schema, CancellationToken.None);

        Assert.Equal(new LlmCompletion("{\"a\":1}", "local-model-2026-01-01", 12, 3), completion);
        var request = Assert.Single(server.Requests);
        Assert.Equal("/v1/chat/completions", request.Path);
        Assert.Equal("system", request.Body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("user", request.Body["messages"]![1]!["content"]!.ToString());
    }

    [Fact]
    public async Task OpenAi_SendsAStrictJsonSchemaResponseFormat()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        server.Enqueue(new ChatReply("{\"a\":1}"));
        var client = TestLlmClient.Create(new LlmOptions { Endpoint = server.Endpoint, ApiKey = "k", Model = "m" });

        await client.CompleteJsonAsync("s", "u", "thing", Schema, CancellationToken.None);

        var format = Assert.Single(server.Requests).Body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.Equal("thing", format["json_schema"]!["name"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
        Assert.Equal(["a"], format["json_schema"]!["schema"]!["required"]!.AsArray().Select(n => n!.GetValue<string>()));
    }

    [Theory]
    [InlineData(1)]
    [InlineData(600)]
    public async Task ResiliencePipeline_AsConfiguredForTheApp_IsValidForEveryAllowedTimeout(int timeoutSeconds)
    {
        // The handler validates its options at the first request (attempt ≤ total, the circuit's window ≥ 2 attempts).
        await using var server = await LoopbackChatServer.StartAsync();
        server.Enqueue(new ChatReply("{}"));
        var client = TestLlmClient.Create(new LlmOptions { Endpoint = server.Endpoint, Model = "m", TimeoutSeconds = timeoutSeconds }, productionRetryDelay: true);

        var completion = await client.CompleteJsonAsync("s", "u", "n", """{"type":"object"}""", CancellationToken.None);

        Assert.Equal("{}", completion.Content);
    }

    [Fact]
    public async Task OpenAi_WithoutAKey_SendsAPlaceholderForKeylessLocalServers()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        server.Enqueue(new ChatReply("{}"));
        var client = TestLlmClient.Create(new LlmOptions { Endpoint = server.Endpoint, Model = "m" });

        await client.CompleteJsonAsync("s", "u", "n", """{"type":"object"}""", CancellationToken.None);

        Assert.Equal("Bearer no-key", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task Azure_CallsTheDeploymentPathWithApiVersionAndApiKeyHeader_AndReturnsContentModelAndTokens()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        server.Enqueue(new ChatReply("{\"a\":2}", PromptTokens: 40, CompletionTokens: 5));
        var client = TestLlmClient.Create(Azure(server));

        var completion = await client.CompleteJsonAsync("sys", "user", "thing", Schema, CancellationToken.None);

        Assert.Equal("{\"a\":2}", completion.Content);
        Assert.Equal((40, 5), (completion.InputTokens, completion.OutputTokens));
        var request = Assert.Single(server.Requests);
        Assert.Equal("/openai/deployments/plan-deployment/chat/completions", request.Path);
        Assert.Equal(("plan-deployment", "2024-10-21", LoopbackChatServer.AzureApiKey), (request.Deployment, request.ApiVersion, request.ApiKey));
        Assert.True(string.IsNullOrEmpty(request.Authorization), "Azure's key goes in the api-key header, not a bearer token");
        var format = request.Body["response_format"]!;
        Assert.Equal("json_schema", format["type"]!.GetValue<string>());
        Assert.True(format["json_schema"]!["strict"]!.GetValue<bool>());
    }

    [Fact]
    public async Task Azure_WrongKey_IsAnHttp401InWords_WithoutTheKey()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        var client = TestLlmClient.Create(Azure(server, key: "wrong-key-9876543210"));

        var ex = await Assert.ThrowsAsync<LlmCallException>(() => client.CompleteJsonAsync("s", "u", "n", Schema, CancellationToken.None));

        Assert.Equal(LlmFailureKind.HttpError, ex.Kind);
        Assert.Equal("HTTP 401 Unauthorized", ex.Message);
        Assert.Equal("wrong-key-9876543210", Assert.Single(server.Requests).ApiKey);
    }

    [Theory]
    [InlineData("https://kt-prod.openai.azure.com/", null, LlmProvider.Azure)]
    [InlineData("https://kt-prod.cognitiveservices.azure.com/", null, LlmProvider.Azure)]
    [InlineData("https://kt-prod.openai.azure.com/openai/v1/", null, LlmProvider.OpenAI)]
    [InlineData("http://127.0.0.1:11434/v1", null, LlmProvider.OpenAI)]
    [InlineData(null, null, LlmProvider.OpenAI)]
    [InlineData("http://127.0.0.1:8080/", LlmProvider.Azure, LlmProvider.Azure)]
    public void Provider_IsAzureForAnAzureResource_OrWhenConfigured(string? endpoint, LlmProvider? configured, LlmProvider expected)
    {
        var options = new LlmOptions { Endpoint = endpoint is null ? null : new Uri(endpoint), Provider = configured ?? LlmProvider.Auto };
        Assert.Equal(expected, options.EffectiveProvider);
    }

    [Fact]
    public void AzureSettings_Missing_StopStartUpNamingEachKey()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Llm:Endpoint"] = "https://kt-prod.openai.azure.com/",
            ["Llm:ApiVersion"] = "2023-01-01",
        }).Build();

        var ex = Assert.Throws<ConfigurationException>(() => AppSettings.Load(config));

        Assert.Contains("Llm:ApiKey", ex.Message);
        Assert.Contains("Llm:Deployment", ex.Message);
        Assert.Contains("Llm:ApiVersion: '2023-01-01' is not an Azure OpenAI api-version", ex.Message);
    }

    [Fact]
    public void MaxConsecutiveFailures_OutOfRange_StopsStartUp()
    {
        var config = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Llm:MaxConsecutiveFailures"] = "0" }).Build();

        var ex = Assert.Throws<ConfigurationException>(() => AppSettings.Load(config));

        Assert.Contains("Llm:MaxConsecutiveFailures", ex.Message);
    }

    [Theory]
    [InlineData("http://127.0.0.1:11434/v1", null, 0)]
    [InlineData("http://localhost:8000/v1", null, 0)]
    [InlineData("http://192.168.1.20:8000/v1", null, 0)]
    [InlineData("http://ollama:11434/v1", null, 0)]
    [InlineData("http://127.0.0.1:11434/v1", "0.5", 0.5)]
    [InlineData(null, null, 0.15)]
    [InlineData("https://kt-prod.openai.azure.com/", null, 0.15)]
    [InlineData("https://llm.example.com/v1", null, 0.15)]
    public void InputPrice_IsZeroForALocalServer_UnlessConfigured(string? endpoint, string? configured, double expected)
    {
        var options = new LlmOptions
        {
            Endpoint = endpoint is null ? null : new Uri(endpoint),
            InputUsdPerMillionTokens = configured is null ? null : decimal.Parse(configured, System.Globalization.CultureInfo.InvariantCulture),
        };
        Assert.Equal((decimal)expected, options.EffectiveInputUsdPerMillionTokens);
        if (configured is null) Assert.Equal(expected == 0 ? 0m : 0.60m, options.EffectiveOutputUsdPerMillionTokens);
    }

    [Fact]
    public async Task AddKisTraderDecisions_WithoutLlm_SelectsRulesWithNotice()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILlmUsageStore>(new InMemoryLlmUsageStore())
            .AddKisTraderDecisions(new LlmOptions(), new RiskLimits(), RepoPrompt.Path);
        await using var sp = services.BuildServiceProvider();

        var (engine, notice) = await sp.GetRequiredService<IDecisionEngineSelector>().SelectAsync();

        Assert.IsType<RulesDecisionEngine>(engine);
        Assert.Equal("no LLM configured: rules engine", notice);
    }

    [Fact]
    public async Task AddKisTraderDecisions_WithLlm_SelectsTheLlmEngine_Logged()
    {
        var services = new ServiceCollection()
            .AddLogging()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILlmUsageStore>(new InMemoryLlmUsageStore())
            .AddKisTraderDecisions(new LlmOptions { ApiKey = "sk-x" }, new RiskLimits(), RepoPrompt.Path);
        await using var sp = services.BuildServiceProvider();

        var (engine, notice) = await sp.GetRequiredService<IDecisionEngineSelector>().SelectAsync();

        Assert.IsType<LoggedDecisionEngine>(engine);
        Assert.Equal(LlmDecisionEngine.EngineName, engine.Name);
        Assert.Null(notice);
    }
}
