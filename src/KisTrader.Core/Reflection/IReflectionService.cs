using KisTrader.Core.Prompts;

namespace KisTrader.Core.Reflection;

/// <summary>What a reflection run ended as, for the CLI, the job and "Reflect now".</summary>
public sealed record ReflectionRunOutcome(string? RunId, string? ReportId, string Status, string Summary);

/// <summary>The result of an admin's decision on a rule or a prompt version: done, or refused with a reason.</summary>
public sealed record ReflectionDecision(bool Done, string Message, int? PromptVersion = null);

/// <summary>
/// The reflection capability as the web project and the CLI use it. Admin-only operations take the acting user's name
/// (the web layer checks the role; this records who, when and why in the audit log).
/// </summary>
public interface IReflectionService
{
    /// <summary>Runs the reflection graph once (skipped when one is already running).</summary>
    Task<ReflectionRunOutcome> ReflectAsync(string trigger, CancellationToken ct = default);

    /// <summary>Adopts a Proposed rule: validated again against the rules enforced now, written into a new prompt
    /// version (author = <paramref name="user"/>) that becomes active, and enforced by the risk engine at once.</summary>
    Task<ReflectionDecision> AdoptRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default);

    /// <summary>Rejects a Proposed rule with a reason.</summary>
    Task<ReflectionDecision> RejectRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default);

    /// <summary>Retires a rule the active prompt version enforces: backtests the look-back with the rule against without
    /// it, writes a new version without it (author = <paramref name="user"/>, the reason and the backtest in its reason)
    /// that becomes active, so the risk engine stops enforcing it at once, and marks the rule Retired. Audited.</summary>
    Task<ReflectionDecision> RetireRuleAsync(string ruleId, string user, string reason, CancellationToken ct = default);

    /// <summary>Makes an existing prompt version active (a rollback when it is older); its rules become the enforced set.</summary>
    Task<ReflectionDecision> ActivatePromptVersionAsync(int version, string user, string reason, CancellationToken ct = default);

    /// <summary>The active decision prompt version (seeding version 1 from the baseline file when there is none).</summary>
    Task<PromptVersion> GetActivePromptAsync(CancellationToken ct = default);
}

/// <summary>The P&amp;L follow-up: fills pnl_7_days and pnl_30_days of trades old enough (daily job after the close).</summary>
public interface IPnlFollowUp
{
    Task<PnlFollowUpResult> RunAsync(CancellationToken ct = default);
}

public sealed record PnlFollowUpResult(int Updated7Days, int Updated30Days, int Pending, IReadOnlyList<string> Errors);
