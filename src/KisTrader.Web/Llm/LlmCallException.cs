namespace KisTrader.Web.Llm;

/// <summary>A failed LLM call, with a message that is safe to show and store (no key, no echoed response body).</summary>
public sealed class LlmCallException(string message, int? status) : Exception(message)
{
    public int? Status { get; } = status;
}
