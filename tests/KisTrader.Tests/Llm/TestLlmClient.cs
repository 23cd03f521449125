using KisTrader.Core.Decisions;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using Microsoft.Extensions.DependencyInjection;

namespace KisTrader.Tests.Llm;

/// <summary>The app's own LLM client registration (the "llm" HttpClient with the standard resilience handler, the
/// IChatClient of the configured provider, the ILlmClient port over it), for tests that point it at a
/// <see cref="LoopbackChatServer"/>. The retry delay is shortened so a retried 503 does not take seconds.</summary>
internal static class TestLlmClient
{
    public static ILlmClient Create(LlmOptions options, TimeSpan? retryDelay = null, bool productionRetryDelay = false) =>
        new ServiceCollection()
            .AddLogging()
            .AddLlmClient(options, productionRetryDelay ? null : retryDelay ?? TimeSpan.FromMilliseconds(20))
            .BuildServiceProvider()
            .GetRequiredService<ILlmClient>();
}
