namespace KisTrader.Data.Entities;

/// <summary>Row of <c>reflection_reports</c>: one per reflection run. Nested results are JSON (the graph's JSON shape).</summary>
public sealed class ReflectionReportEntity
{
    public string ReportId { get; set; } = "";
    public string? RunId { get; set; }
    public string Trigger { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public DateTime PeriodFrom { get; set; }
    public DateTime PeriodTo { get; set; }
    public string Status { get; set; } = "";
    /// <summary>The <see cref="Core.Reflection.PerformanceReport"/> as JSON, or null.</summary>
    public string? Performance { get; set; }
    /// <summary>JSON array of <see cref="Core.Reflection.Insight"/>.</summary>
    public string Insights { get; set; } = "[]";
    public string? LlmAnalysis { get; set; }
    public string? LlmNote { get; set; }
    /// <summary>JSON array of rule ids.</summary>
    public string RuleIds { get; set; } = "[]";
    public int? PromptVersion { get; set; }
    public string Summary { get; set; } = "";
    public string? Error { get; set; }
}
