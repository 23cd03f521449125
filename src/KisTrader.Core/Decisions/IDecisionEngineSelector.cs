namespace KisTrader.Core.Decisions;

/// <summary>Picks the engine for this run: the LLM engine when configured and within its monthly budget, otherwise the
/// rules engine (with a notice saying why).</summary>
public interface IDecisionEngineSelector
{
    Task<(IDecisionEngine Engine, string? Notice)> SelectAsync(CancellationToken ct = default);
}
