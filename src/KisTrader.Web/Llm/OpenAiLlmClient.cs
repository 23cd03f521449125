using System.ClientModel;
using System.ClientModel.Primitives;
using KisTrader.Core.Decisions;
using KisTrader.Web.Hosting.Options;
using OpenAI;
using OpenAI.Chat;

namespace KisTrader.Web.Llm;

/// <summary>
/// <see cref="ILlmClient"/> over the official OpenAI SDK: chat completions with a strict JSON-schema response format.
/// The endpoint is OpenAI's by default, or any OpenAI-compatible base URL (Azure OpenAI v1:
/// https://&lt;resource&gt;.openai.azure.com/openai/v1/, Ollama, vLLM). The SDK does not retry: a decision is asked for
/// once per run, and a retry would be billed again.
/// </summary>
public sealed class OpenAiLlmClient : ILlmClient
{
    private readonly ChatClient _chat;

    public OpenAiLlmClient(LlmOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var clientOptions = new OpenAIClientOptions
        {
            NetworkTimeout = TimeSpan.FromSeconds(options.TimeoutSeconds),
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
        };
        if (options.Endpoint is not null) clientOptions.Endpoint = options.Endpoint;
        // A local OpenAI-compatible server may need no key, but the SDK requires a credential: send a placeholder.
        var key = string.IsNullOrWhiteSpace(options.ApiKey) ? "no-key" : options.ApiKey;
        _chat = new ChatClient(options.Model, new ApiKeyCredential(key), clientOptions);
    }

    public async Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct)
    {
        ChatMessage[] messages = [new SystemChatMessage(systemPrompt), new UserChatMessage(userPrompt)];
        var chatOptions = new ChatCompletionOptions
        {
            ResponseFormat = ChatResponseFormat.CreateJsonSchemaFormat(jsonSchemaName, BinaryData.FromString(jsonSchema), jsonSchemaIsStrict: true),
        };
        ClientResult<ChatCompletion> result;
        try
        {
            result = await _chat.CompleteChatAsync(messages, chatOptions, ct).ConfigureAwait(false);
        }
        catch (ClientResultException ex)
        {
            // The SDK's message can echo the response body; keep the status and a short reason only (never the key).
            throw new LlmCallException($"the LLM service answered HTTP {ex.Status}", ex.Status);
        }
        var completion = result.Value;
        var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
        // A cut-off or refused answer is returned as it is: the guard rejects it (truncated or empty JSON) and the tokens
        // it cost are still recorded.
        return new LlmCompletion(text, completion.Model ?? "", completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
    }
}
