namespace KisTrader.Core.Decisions;

/// <summary>One completion: the text the model produced, the model that produced it and the tokens billed.</summary>
public sealed record LlmCompletion(string Content, string Model, int InputTokens, int OutputTokens);

/// <summary>A chat model that answers with JSON matching a schema (structured output). Implemented over the OpenAI SDK in
/// the web project; throws on transport or service errors (the engine turns them into a rejection).</summary>
public interface ILlmClient
{
    Task<LlmCompletion> CompleteJsonAsync(string systemPrompt, string userPrompt, string jsonSchemaName, string jsonSchema, CancellationToken ct);
}
