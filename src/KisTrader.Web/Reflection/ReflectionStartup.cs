using KisTrader.Core.Prompts;

namespace KisTrader.Web.Reflection;

/// <summary>
/// Before anything can trade: seeds prompt version 1 from the baseline file when the store has none, and makes the
/// active version's rules the risk engine's enforced set. The start-up sequence's "prompts and rules" step, before
/// reconciliation, the resumed runs and the scheduler, so no run (resumed, scheduled or "Run now") ever decides on an
/// unseeded prompt or without its rules. A failure stops start-up: trading without the adopted rules would loosen what
/// was decided.
/// </summary>
public sealed class ReflectionStartup(PromptVersioning versions, ILogger<ReflectionStartup> logger)
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var change = await versions.LoadEnforcedRulesAsync(cancellationToken);
        logger.LogInformation("Decision prompt v{Version} is active with {Rules} enforced strategy rules", change.Version.Version, change.Enforced.Count);
        if (change.Skipped.Count > 0)
            logger.LogWarning("Strategy rules of prompt v{Version} not enforced: {Skipped}", change.Version.Version, string.Join("; ", change.Skipped));
        if (change.ArchiveError is { } error)
            logger.LogWarning("Prompt archive: {Error}", error);
    }
}
