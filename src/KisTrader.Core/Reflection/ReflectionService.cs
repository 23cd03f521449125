using KisTrader.Core.Audit;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Reflection;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

/// <summary>
/// The reflection capability: runs the graph (one run at a time; a run already in progress means this one is
/// skipped), completes a failed run's report, and announces the end; and the admin's decisions on rules and prompt
/// versions, each with who, what and why in the audit log. Adopting re-validates the rule against the rules enforced
/// now (the record may have moved on since it was proposed).
/// </summary>
public sealed class ReflectionService(
    GraphRunner<ReflectionState> runner,
    IGraphStore graphs,
    IReflectionReportStore reports,
    IStrategyRuleStore rules,
    PromptVersioning prompts,
    ReflectionRecord record,
    IAuditLog audit,
    IEventBus bus,
    TimeProvider time,
    ReflectionOptions options,
    RuleBacktestEvaluator? backtester = null) : IReflectionService
{
    public async Task<ReflectionRunOutcome> ReflectAsync(string trigger, CancellationToken ct = default)
    {
        var result = await runner.StartAsync(trigger, ct).ConfigureAwait(false);
        if (result.Skipped) return new ReflectionRunOutcome(result.RunId, null, "skipped", result.Message);

        var run = result.RunId is null ? null : await graphs.GetRunAsync(result.RunId, ct).ConfigureAwait(false);
        var state = run is null ? null : GraphJson.Deserialize<ReflectionState>(run.StateJson);
        var now = time.GetUtcNow();
        if (result.Status != RunStatus.Completed)
        {
            var error = run?.Error ?? result.Message;
            if (state is not null && !string.IsNullOrEmpty(state.ReportId))
                await reports.SaveAsync(state.Report(ReflectionStatus.Failed, "failed", error, now), ct).ConfigureAwait(false);
            bus.Publish(new NotificationRaised(new Notification(NotificationLevel.Error, "Reflection failed", error, now)));
            return new ReflectionRunOutcome(result.RunId, state?.ReportId, "failed", error);
        }

        var summary = run?.Summary ?? result.Message;
        var level = state?.PromptVersion is not null ? NotificationLevel.Success : NotificationLevel.Info;
        bus.Publish(new NotificationRaised(new Notification(level, "Reflection completed", summary, now)));
        return new ReflectionRunOutcome(result.RunId, state?.ReportId, "completed", summary);
    }

    public async Task<ReflectionDecision> AdoptRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default)
    {
        if (Refuse(user, reason) is { } refused) return refused;
        var rule = await rules.GetAsync(ruleId, ct).ConfigureAwait(false);
        if (rule is null) return new(false, $"rule {ruleId} does not exist");
        if (rule.Status != RuleStatus.Proposed) return new(false, $"rule {ruleId} is {rule.Status}: only a Proposed rule can be adopted");

        var enforced = await prompts.GetActiveRulesAsync(ct).ConfigureAwait(false);
        PromptChange change;
        if (enforced.Any(r => r.RuleId == ruleId))
        {
            // Already in the active version (an earlier adoption stopped before its status was written): finish that one
            // instead of refusing the rule as a duplicate of itself.
            var active = await prompts.GetActiveAsync(ct).ConfigureAwait(false);
            change = new PromptChange(active, enforced, [], null);
        }
        else
        {
            var set = await record.OutcomesAsync(LookbackState(), ct).ConfigureAwait(false);
            var validation = RuleFormatValidator.Validate(ToProposal(rule), enforced, set.RecordedFeatures);
            if (!validation.IsValid)
                return new(false, $"rule {ruleId} is no longer valid against the enforced rules: {string.Join("; ", validation.Errors)}");
            change = await prompts.AddRulesAsync([rule], user, $"adopted {ruleId}: {reason}", rule.ReportId, ct).ConfigureAwait(false);
        }
        var now = time.GetUtcNow();
        await rules.UpdateAsync(rule with
        {
            Status = RuleStatus.Adopted,
            DecidedBy = user,
            DecidedAt = now,
            DecisionReason = reason,
            RejectionReasons = [],
            AdoptedInVersion = change.Version.Version,
        }, ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEntry(now, user, "rule.adopt", ruleId,
            $"{reason} | {rule.Condition} → {RuleWords.Of(rule.Action)}; prompt v{change.Version.Version}"), ct).ConfigureAwait(false);
        return new(true, Message($"rule {ruleId} adopted into prompt v{change.Version.Version} and enforced", change), change.Version.Version);
    }

    public async Task<ReflectionDecision> RejectRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default)
    {
        if (Refuse(user, reason) is { } refused) return refused;
        var rule = await rules.GetAsync(ruleId, ct).ConfigureAwait(false);
        if (rule is null) return new(false, $"rule {ruleId} does not exist");
        if (rule.Status != RuleStatus.Proposed) return new(false, $"rule {ruleId} is {rule.Status}: only a Proposed rule can be rejected");
        if ((await prompts.GetActiveRulesAsync(ct).ConfigureAwait(false)).Any(r => r.RuleId == ruleId))
            return new(false, $"rule {ruleId} is enforced by the active prompt version: activate a version without it instead");
        var now = time.GetUtcNow();
        await rules.UpdateAsync(rule with
        {
            Status = RuleStatus.Rejected,
            DecidedBy = user,
            DecidedAt = now,
            DecisionReason = reason,
            RejectionReasons = [.. rule.RejectionReasons, $"rejected by {user}: {reason}"],
        }, ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEntry(now, user, "rule.reject", ruleId, reason), ct).ConfigureAwait(false);
        return new(true, $"rule {ruleId} rejected");
    }

    public async Task<ReflectionDecision> RetireRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default)
    {
        if (Refuse(user, reason) is { } refused) return refused;
        var rule = await rules.GetAsync(ruleId, ct).ConfigureAwait(false);
        if (rule is null) return new(false, $"rule {ruleId} does not exist");
        var active = await prompts.GetActiveAsync(ct).ConfigureAwait(false);
        if (!active.RuleIds.Contains(ruleId, StringComparer.Ordinal))
            return new(false, $"rule {ruleId} is not enforced by the active prompt version v{active.Version}: nothing to retire");

        // The evidence for the decision, recorded with it: the look-back with the rule (as now) against without it.
        var now = time.GetUtcNow();
        RuleBacktest? backtest = null;
        if (backtester is not null)
        {
            var lookback = LookbackState();
            var (from, to) = RuleBacktestEvaluator.Period(lookback.LookbackFrom, lookback.PeriodTo);
            var enforced = await prompts.GetActiveRulesAsync(ct).ConfigureAwait(false);
            backtest = (await backtester.EvaluateAsync([rule], enforced, from, to, active.Version, ct).ConfigureAwait(false))[ruleId];
        }
        var evidence = backtest?.Describe() ?? "not backtested: no backtester configured";
        var change = await prompts.RemoveRuleAsync(ruleId, user, $"retired {ruleId}: {reason} | {evidence}", ct).ConfigureAwait(false);
        if (change is null) return new(false, $"rule {ruleId} was taken out of the active prompt version meanwhile: nothing to retire");
        await rules.UpdateAsync(rule with
        {
            Status = RuleStatus.Retired,
            Retirement = new RuleRetirement(user, now, reason, change.Version.Version, backtest),
        }, ct).ConfigureAwait(false);
        await audit.WriteAsync(new AuditEntry(now, user, "rule.retire", ruleId,
            $"{reason} | {rule.Condition} → {RuleWords.Of(rule.Action)}; prompt v{change.Version.Version} from v{active.Version}; {evidence}"), ct).ConfigureAwait(false);
        return new(true, Message($"rule {ruleId} retired: prompt v{change.Version.Version} without it is active", change), change.Version.Version);
    }

    public async Task<ReflectionDecision> ActivatePromptVersionAsync(int version, string user, string reason, CancellationToken ct = default)
    {
        if (Refuse(user, reason) is { } refused) return refused;
        var before = await prompts.GetActiveAsync(ct).ConfigureAwait(false);
        var change = await prompts.ActivateAsync(version, user, reason, ct).ConfigureAwait(false);
        if (change is null) return new(false, $"prompt version {version} does not exist");
        var now = time.GetUtcNow();
        await audit.WriteAsync(new AuditEntry(now, user, version < before.Version ? "prompt.rollback" : "prompt.activate", $"{PromptVersion.DecisionPrompt} v{version}",
            $"{reason} | from v{before.Version}; enforced rules: {(change.Enforced.Count == 0 ? "none" : string.Join(", ", change.Enforced.Select(r => r.RuleId)))}"),
            ct).ConfigureAwait(false);
        return new(true, Message($"prompt v{version} active", change), version);
    }

    public Task<PromptVersion> GetActivePromptAsync(CancellationToken ct = default) => prompts.GetActiveAsync(ct);

    public static RuleProposal ToProposal(StrategyRule rule) => new(
        RuleWords.Of(rule.Category), rule.Condition, RuleWords.Of(rule.Action),
        rule.Action == RuleAction.ReduceSize ? rule.SizeFactor : null, rule.Priority, rule.Rationale, rule.InsightId);

    private ReflectionState LookbackState()
    {
        var now = time.GetUtcNow();
        return new ReflectionState { PeriodTo = now, LookbackFrom = now.AddDays(-Math.Max(options.LookbackDays, options.PeriodDays)) };
    }

    private static ReflectionDecision? Refuse(string user, string reason)
    {
        if (string.IsNullOrWhiteSpace(user)) return new(false, "the acting user is required");
        if (string.IsNullOrWhiteSpace(reason)) return new(false, "a reason is required");
        return null;
    }

    private static string Message(string head, PromptChange change)
    {
        var parts = new List<string> { head };
        if (change.Skipped.Count > 0) parts.Add($"not enforced: {string.Join("; ", change.Skipped)}");
        if (change.ArchiveError is { } e) parts.Add(e);
        return string.Join("; ", parts);
    }
}
