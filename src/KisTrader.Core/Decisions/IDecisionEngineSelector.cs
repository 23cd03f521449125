namespace KisTrader.Core.Decisions;

/// <summary>The engine for one run, the notice to show when it is not the configured LLM, and the engine that decides
/// instead when <see cref="Engine"/> fails (set while the LLM is on probation after consecutive failures).</summary>
public sealed record EngineChoice(IDecisionEngine Engine, string? Notice, IDecisionEngine? OnFailure = null)
{
    public void Deconstruct(out IDecisionEngine engine, out string? notice)
    {
        engine = Engine;
        notice = Notice;
    }
}

/// <summary>Picks the engine for this run: the LLM engine when configured and within its monthly budget, otherwise the
/// rules engine (with a notice saying why). After too many consecutive LLM failures the LLM is still asked first, and
/// the rules engine decides whenever it fails again.</summary>
public interface IDecisionEngineSelector
{
    Task<EngineChoice> SelectAsync(CancellationToken ct = default);
}
