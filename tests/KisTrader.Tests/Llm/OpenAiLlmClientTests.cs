using KisTrader.Core.Decisions;
using KisTrader.Core.Risk;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Llm;

public class OpenAiLlmClientTests
{
    [Theory]
    [InlineData("/v1")]
    [InlineData("/v1/")]
    public async Task Complete_AgainstAnOpenAiCompatibleBaseUrl_ReturnsContentModelAndTokens(string suffix)
    {
        await using var server = await LoopbackChatServer.StartAsync();
        server.Enqueue(new ChatReply("{\"a\":1}", PromptTokens: 12, CompletionTokens: 3));
        var endpoint = new Uri(server.Endpoint.GetLeftPart(UriPartial.Authority) + suffix);
        var client = new OpenAiLlmClient(new LlmOptions { Endpoint = endpoint, ApiKey = "k", Model = "local-model" });

        var completion = await client.CompleteJsonAsync("sys", "user", "s", """{"type":"object"}""", CancellationToken.None);

        Assert.Equal(new LlmCompletion("{\"a\":1}", "local-model-2026-01-01", 12, 3), completion);
        var (body, _) = Assert.Single(server.Requests);
        Assert.Equal("system", body["messages"]![0]!["role"]!.GetValue<string>());
        Assert.Equal("user", body["messages"]![1]!["content"]!.ToString());
    }

    [Fact]
    public async Task Complete_WithoutAKey_SendsAPlaceholderForKeylessLocalServers()
    {
        await using var server = await LoopbackChatServer.StartAsync();
        server.Enqueue(new ChatReply("{}"));
        var client = new OpenAiLlmClient(new LlmOptions { Endpoint = server.Endpoint, Model = "m" });

        await client.CompleteJsonAsync("s", "u", "n", """{"type":"object"}""", CancellationToken.None);

        Assert.Equal("Bearer no-key", Assert.Single(server.Requests).Authorization);
    }

    [Fact]
    public async Task AddKisTraderDecisions_WithoutLlm_SelectsRulesWithNotice()
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILlmUsageStore>(new InMemoryLlmUsageStore())
            .AddKisTraderDecisions(new LlmOptions(), new RiskLimits(), RepoPrompt.Path);
        await using var sp = services.BuildServiceProvider();

        var (engine, notice) = await sp.GetRequiredService<IDecisionEngineSelector>().SelectAsync();

        Assert.IsType<RulesDecisionEngine>(engine);
        Assert.Equal("no LLM configured: rules engine", notice);
    }

    [Fact]
    public async Task AddKisTraderDecisions_WithLlm_SelectsTheLlmEngine()
    {
        var services = new ServiceCollection()
            .AddSingleton(TimeProvider.System)
            .AddSingleton<ILlmUsageStore>(new InMemoryLlmUsageStore())
            .AddKisTraderDecisions(new LlmOptions { ApiKey = "sk-x" }, new RiskLimits(), RepoPrompt.Path);
        await using var sp = services.BuildServiceProvider();

        var (engine, notice) = await sp.GetRequiredService<IDecisionEngineSelector>().SelectAsync();

        Assert.IsType<LlmDecisionEngine>(engine);
        Assert.Null(notice);
    }
}
