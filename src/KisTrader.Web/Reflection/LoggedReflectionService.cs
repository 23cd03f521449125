using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;

namespace KisTrader.Web.Reflection;

/// <summary>The reflection service with its outcomes in the log: every run (whoever started it), a rejected LLM
/// analysis (the domain keeps the reason in the report; the log is where an operator looks for a misbehaving model) and
/// every refused admin decision.</summary>
public sealed class LoggedReflectionService(ReflectionService inner, IReflectionReportStore reports, ILogger<LoggedReflectionService> logger)
    : IReflectionService
{
    public async Task<ReflectionRunOutcome> ReflectAsync(string trigger, CancellationToken ct = default)
    {
        var outcome = await inner.ReflectAsync(trigger, ct);
        logger.LogInformation("Reflection ({Trigger}) {Status}: {Summary}", trigger, outcome.Status, outcome.Summary);
        if (outcome.ReportId is { } id && await reports.GetAsync(id, ct) is { LlmNote: { } note })
            logger.LogWarning("Reflection report {ReportId}: the LLM analysis was not used: {Note}", id, note);
        return outcome;
    }

    public async Task<ReflectionDecision> AdoptRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default) =>
        Logged("adopt rule " + ruleId, user, await inner.AdoptRuleAsync(ruleId, user, reason, ct));

    public async Task<ReflectionDecision> RejectRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default) =>
        Logged("reject rule " + ruleId, user, await inner.RejectRuleAsync(ruleId, user, reason, ct));

    public async Task<ReflectionDecision> RetireRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default) =>
        Logged("retire rule " + ruleId, user, await inner.RetireRuleAsync(ruleId, user, reason, ct));

    public async Task<ReflectionDecision> ActivatePromptVersionAsync(int version, string user, string reason, CancellationToken ct = default) =>
        Logged($"activate prompt v{version}", user, await inner.ActivatePromptVersionAsync(version, user, reason, ct));

    public Task<PromptVersion> GetActivePromptAsync(CancellationToken ct = default) => inner.GetActivePromptAsync(ct);

    private ReflectionDecision Logged(string what, string user, ReflectionDecision decision)
    {
        if (decision.Done) logger.LogInformation("{User}: {What}: {Message}", user, what, decision.Message);
        else logger.LogWarning("{User}: {What} refused: {Message}", user, what, decision.Message);
        return decision;
    }
}
