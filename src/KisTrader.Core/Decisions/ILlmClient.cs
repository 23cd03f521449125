namespace KisTrader.Core.Decisions;

/// <summary>One completion: the text the model produced, the model that produced it and the tokens billed.</summary>
public sealed record LlmCompletion(string Content, string Model, int InputTokens, int OutputTokens);

/// <summary>A chat model that answers with JSON matching a schema (structured output). Implemented in the web project over
/// Microsoft.Extensions.AI's IChatClient (OpenAI or Azure OpenAI); Core keeps this narrow port so the engines, the guard
/// and the reflection analyst stay free of SDK types. Throws <see cref="LlmCallException"/> on transport or service errors
/// (the engine turns them into a rejection) and <see cref="OperationCanceledException"/> when <paramref name="ct"/> ends.</summary>
public interface ILlmClient
{
    Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct);
}
