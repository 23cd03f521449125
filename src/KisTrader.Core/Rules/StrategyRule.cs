namespace KisTrader.Core.Rules;

/// <summary>What part of trading a rule is about. Entry rules judge BUYs, exit rules judge SELLs; risk and sizing rules
/// may judge either side.</summary>
public enum RuleCategory
{
    Risk,
    Entry,
    Exit,
    Sizing,
}

/// <summary>Where a rule stands. Whether it is *enforced* is not a status: the enforced rules are exactly those listed
/// by the active prompt version (<see cref="Prompts.PromptVersion.RuleIds"/>), so the prompt text and the risk engine
/// never disagree, and rolling back a prompt version rolls back its rules too.</summary>
public enum RuleStatus
{
    /// <summary>Valid and shadow-evaluated; waits for an admin (or was not eligible for auto-adoption).</summary>
    Proposed,
    /// <summary>Adopted (automatically or by an admin) into a prompt version.</summary>
    Adopted,
    /// <summary>Rejected by an admin, or by the adoption policy.</summary>
    Rejected,
    /// <summary>Failed validate_rule_format; <see cref="StrategyRule.RejectionReasons"/> says why.</summary>
    Invalid,
    /// <summary>Was adopted, then taken out by an admin (<see cref="StrategyRule.Retirement"/> says who, why and with
    /// which backtest) into a new prompt version without it. Activating an older version that lists it enforces it again.</summary>
    Retired,
}

/// <summary>
/// A strategy rule as data, written by the reflection graph (or an admin). The condition is in the rule language
/// (<see cref="RuleLanguage"/>) over <see cref="RuleFields"/>. Rules can only restrict trading: block an order, reduce
/// its size (0 &lt; SizeFactor &lt; 1), or require an admin's approval.
/// </summary>
public sealed record StrategyRule
{
    /// <summary>Stable id such as "R-20261206-01".</summary>
    public required string RuleId { get; init; }
    public required RuleCategory Category { get; init; }
    /// <summary>Rule-language condition, e.g. <c>side == "BUY" and rsi14 >= 70</c>.</summary>
    public required string Condition { get; init; }
    public required RuleAction Action { get; init; }
    /// <summary>For <see cref="RuleAction.ReduceSize"/>: the share of the quantity kept (0 &lt; f &lt; 1); 1 otherwise.</summary>
    public decimal SizeFactor { get; init; } = 1m;
    /// <summary>1 (lowest) … 10 (highest): the order in which rules are listed and matched.</summary>
    public required int Priority { get; init; }
    public required string Rationale { get; init; }
    /// <summary>The insight the rule came from (null for an admin's own rule).</summary>
    public string? InsightId { get; init; }
    /// <summary>The reflection report that proposed it.</summary>
    public string? ReportId { get; init; }
    public RuleStatus Status { get; init; } = RuleStatus.Proposed;
    /// <summary>Why validation or the adoption policy refused it (empty when it passed).</summary>
    public IReadOnlyList<string> RejectionReasons { get; init; } = [];
    /// <summary>The replay over recorded trades (null when it never got that far).</summary>
    public ShadowResult? Shadow { get; init; }
    /// <summary>The backtest of the look-back with the rule against without it, when proposed (null before this existed,
    /// or when it never got that far; not-backtested results say why).</summary>
    public Reflection.RuleBacktest? Backtest { get; init; }
    /// <summary>Set when an admin retired the rule.</summary>
    public Reflection.RuleRetirement? Retirement { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    /// <summary>"reflection" or the admin's user name.</summary>
    public string? DecidedBy { get; init; }
    public DateTimeOffset? DecidedAt { get; init; }
    public string? DecisionReason { get; init; }
    /// <summary>The prompt version that first carried the rule.</summary>
    public int? AdoptedInVersion { get; init; }
}

/// <summary>
/// A proposed rule as it arrives, before validation: every field as text, exactly as a generator or an LLM wrote it
/// (an LLM may write anything). <see cref="RuleFormatValidator"/> turns it into a <see cref="StrategyRule"/> or
/// reasons.
/// </summary>
public sealed record RuleProposal(
    string? Category,
    string? Condition,
    string? Action,
    decimal? SizeFactor,
    int? Priority,
    string? Rationale,
    string? InsightId);

/// <summary>What replaying a rule over the recorded trades showed. Money in KRW, net of costs.</summary>
public sealed record ShadowResult(
    // Trades with a known outcome that the rule was evaluated on.
    int TradesEvaluated,
    // Trades the rule matched.
    int Matched,
    int BlockedLosers,
    int BlockedWinners,
    // Losses the rule would have avoided (positive number) and profits it would have missed (positive number);
    // ReduceSize counts (1 - SizeFactor) of each; RequireApproval counts nothing (an admin decides).
    decimal AvoidedLossKrw,
    decimal MissedProfitKrw,
    IReadOnlyList<string> MatchedTradeIds)
{
    public decimal NetEffectKrw => AvoidedLossKrw - MissedProfitKrw;
    public bool IsPositive => NetEffectKrw > 0m;
}
