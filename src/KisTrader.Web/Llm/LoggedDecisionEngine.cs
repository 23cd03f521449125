using KisTrader.Core.Decisions;

namespace KisTrader.Web.Llm;

/// <summary>The LLM engine with its failures logged as warnings, the reason in words ("the LLM call failed: connection
/// refused (127.0.0.1:11434)", "response was not JSON: …"). Core has no logger; the run report and the notifications
/// carry the same reason.</summary>
public sealed class LoggedDecisionEngine(IDecisionEngine inner, ILogger<LoggedDecisionEngine> logger) : IDecisionEngine
{
    public string Name => inner.Name;

    public async Task<DecisionResult> DecideAsync(DecisionInput input, CancellationToken ct = default)
    {
        var result = await inner.DecideAsync(input, ct).ConfigureAwait(false);
        if (result.Rejection is { } r)
            logger.LogWarning("LLM decision failed (run {RunId}): {Reason}", input.RunId ?? "-", string.Join("; ", r.Errors.Take(5)));
        return result;
    }
}
