using KisTrader.Core.Rules;

namespace KisTrader.Core.Reflection;

public enum ReflectionStatus
{
    Running,
    Completed,
    Failed,
}

/// <summary>What one reflection run found and did: the metrics, the insights, the rules it proposed (with their
/// validation and shadow results: the rules themselves are in the rule store, by report id) and the prompt version it
/// wrote, if any.</summary>
public sealed record ReflectionReport
{
    public required string ReportId { get; init; }
    /// <summary>The graph run (graph_runs) that produced it.</summary>
    public string? RunId { get; init; }
    public required string Trigger { get; init; }
    public required DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? CompletedAt { get; init; }
    public required DateTimeOffset PeriodFrom { get; init; }
    public required DateTimeOffset PeriodTo { get; init; }
    public ReflectionStatus Status { get; init; } = ReflectionStatus.Running;
    public PerformanceReport? Performance { get; init; }
    public IReadOnlyList<Insight> Insights { get; init; } = [];
    /// <summary>The LLM's own analysis (summary text) when an LLM is configured and answered validly.</summary>
    public string? LlmAnalysis { get; init; }
    /// <summary>Why the LLM analysis is missing or was rejected, when it is.</summary>
    public string? LlmNote { get; init; }
    public IReadOnlyList<string> RuleIds { get; init; } = [];
    /// <summary>The prompt version this run created (null when no rule was adopted).</summary>
    public int? PromptVersion { get; init; }
    public string Summary { get; init; } = "";
    public string? Error { get; init; }
}
