namespace KisTrader.Data.Entities;

/// <summary>Row of <c>strategy_rules</c>: every rule ever proposed. Enums are stored as their names.</summary>
public sealed class StrategyRuleEntity
{
    public string RuleId { get; set; } = "";
    public string Category { get; set; } = "";
    public string Condition { get; set; } = "";
    public string Action { get; set; } = "";
    public decimal SizeFactor { get; set; }
    public int Priority { get; set; }
    public string Rationale { get; set; } = "";
    public string? InsightId { get; set; }
    public string? ReportId { get; set; }
    public string Status { get; set; } = "";
    /// <summary>JSON array of strings.</summary>
    public string RejectionReasons { get; set; } = "[]";
    /// <summary>The <see cref="Core.Rules.ShadowResult"/> as JSON, or null.</summary>
    public string? Shadow { get; set; }
    public DateTime CreatedAt { get; set; }
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    public int? AdoptedInVersion { get; set; }
    // Added by a later migration, which appends its columns: declared last so a new database has the same column order.
    /// <summary>The <see cref="Core.Reflection.RuleBacktest"/> as JSON, or null.</summary>
    public string? Backtest { get; set; }
    /// <summary>The <see cref="Core.Reflection.RuleRetirement"/> as JSON, or null.</summary>
    public string? Retirement { get; set; }
}
