using System.ClientModel;
using System.ClientModel.Primitives;
using Azure.AI.OpenAI;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.AI;
using OpenAI;

namespace KisTrader.Web.Llm;

/// <summary>
/// Builds the <see cref="IChatClient"/> for the configured provider, both over the given HttpClient (the "llm" client
/// with the standard resilience handler): OpenAI or an OpenAI-compatible base URL through the OpenAI SDK, or an Azure
/// OpenAI deployment through Azure.AI.OpenAI (2.9.0-beta.1: 2.1.0 throws MissingMethodException next to OpenAI ≥ 2.2).
/// The SDKs' own retries are off (the resilience handler decides what is safe to retry) and their network timeout is
/// off (the handler's deadline and the engine's are the same Llm:TimeoutSeconds).
/// </summary>
public static class LlmChatClients
{
    /// <summary>A keyless local server still needs a credential for the SDK: a placeholder is sent.</summary>
    public const string NoKey = "no-key";

    public static IChatClient Create(LlmOptions options, HttpClient http)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(http);
        var transport = new HttpClientPipelineTransport(http);
        var retry = new ClientRetryPolicy(maxRetries: 0);
        var key = new ApiKeyCredential(string.IsNullOrWhiteSpace(options.ApiKey) ? NoKey : options.ApiKey);
        if (options.EffectiveProvider == LlmProvider.Azure)
        {
            var azure = new AzureOpenAIClientOptions(AzureApiVersions.Parse(options.ApiVersion))
            {
                Transport = transport,
                RetryPolicy = retry,
                NetworkTimeout = Timeout.InfiniteTimeSpan,
            };
            var endpoint = options.Endpoint ?? throw new InvalidOperationException("Llm:Endpoint is required for Azure OpenAI.");
            return new AzureOpenAIClient(endpoint, key, azure).GetChatClient(options.Deployment).AsIChatClient();
        }
        var openAi = new OpenAIClientOptions
        {
            Transport = transport,
            RetryPolicy = retry,
            NetworkTimeout = Timeout.InfiniteTimeSpan,
        };
        if (options.Endpoint is not null) openAi.Endpoint = options.Endpoint;
        return new OpenAI.Chat.ChatClient(options.Model, key, openAi).AsIChatClient();
    }
}
