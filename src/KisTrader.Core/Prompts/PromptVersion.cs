namespace KisTrader.Core.Prompts;

/// <summary>
/// One immutable version of a prompt. Exactly one version per prompt name is active. <see cref="RuleIds"/> are the
/// strategy rules written into its Dynamic Rules section: activating a version (including a rollback) makes exactly
/// those rules enforced by the risk engine.
/// </summary>
public sealed record PromptVersion
{
    public const string DecisionPrompt = "core_decision";

    public required string PromptName { get; init; }
    public required int Version { get; init; }
    public required string Text { get; init; }
    public int? ParentVersion { get; init; }
    public required string Reason { get; init; }
    /// <summary>"reflection", "baseline" or the admin's user name.</summary>
    public required string Author { get; init; }
    /// <summary>The reflection report that produced it, if any.</summary>
    public string? ReportId { get; init; }
    public IReadOnlyList<string> RuleIds { get; init; } = [];
    public required DateTimeOffset CreatedAt { get; init; }
    public bool IsActive { get; init; }
}
