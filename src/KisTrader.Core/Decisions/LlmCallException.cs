namespace KisTrader.Core.Decisions;

/// <summary>How an LLM call failed before any answer could be judged.</summary>
public enum LlmFailureKind
{
    /// <summary>No connection: refused, unknown host, reset before an answer.</summary>
    Unreachable,
    /// <summary>No answer within the time allowed.</summary>
    Timeout,
    /// <summary>The service answered with an error status.</summary>
    HttpError,
    Other,
}

/// <summary>A failed LLM call (thrown by an <see cref="ILlmClient"/>), with a reason in words that is safe to show, log and
/// store: "connection refused", "timed out after 30 s", "HTTP 500 Internal Server Error" (no key, no echoed body).</summary>
public sealed class LlmCallException(LlmFailureKind kind, string message, int? status = null, Exception? inner = null)
    : Exception(message, inner)
{
    public LlmFailureKind Kind { get; } = kind;
    public int? Status { get; } = status;
}
