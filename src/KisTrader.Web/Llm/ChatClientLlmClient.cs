using KisTrader.Core.Decisions;
using Microsoft.Extensions.AI;

namespace KisTrader.Web.Llm;

/// <summary>
/// Core's <see cref="ILlmClient"/> port over Microsoft.Extensions.AI's <see cref="IChatClient"/>: a system and a user
/// message, a strict JSON-schema response format (structured output), and the answer's text, model and token usage.
/// Transport and service failures become <see cref="LlmCallException"/> with the reason in words (see
/// <see cref="LlmFailures"/>). A cut-off or refused answer is returned as it is: the guard rejects it and the tokens it
/// cost are still recorded.
/// </summary>
public sealed class ChatClientLlmClient(IChatClient chat, Uri? endpoint, TimeSpan timeout) : ILlmClient
{
    public async Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct)
    {
        var options = new ChatOptions
        {
            // The SDK's own options carry the response format, so the wire has exactly {"type":"json_schema", "strict":true,
            // "schema": <ours>} for both providers (Microsoft.Extensions.AI fills in the rest: messages, model).
            RawRepresentationFactory = _ => new OpenAI.Chat.ChatCompletionOptions
            {
                ResponseFormat = OpenAI.Chat.ChatResponseFormat.CreateJsonSchemaFormat(jsonSchemaName, BinaryData.FromString(jsonSchema), jsonSchemaIsStrict: true),
            },
        };
        ChatMessage[] messages = [new(ChatRole.System, systemPrompt), new(ChatRole.User, userPrompt)];
        ChatResponse response;
        try
        {
            response = await chat.GetResponseAsync(messages, options, ct).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not (LlmCallException or OperationCanceledException) && ct.IsCancellationRequested)
        {
            // The HTTP handler's deadline is the caller's (the same seconds): when both fired, the handler's timeout
            // exception may arrive with the caller's token already cancelled. The token says what happened.
            throw new OperationCanceledException("the LLM call was cancelled", ex, ct);
        }
        catch (Exception ex) when (ex is not LlmCallException && !ct.IsCancellationRequested)
        {
            throw LlmFailures.Describe(ex, endpoint, timeout);
        }
        return new LlmCompletion(response.Text, response.ModelId ?? "",
            (int)Math.Min(int.MaxValue, response.Usage?.InputTokenCount ?? 0), (int)Math.Min(int.MaxValue, response.Usage?.OutputTokenCount ?? 0));
    }
}
