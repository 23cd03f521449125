namespace KisTrader.Data.Entities;

/// <summary>An immutable version of a prompt; exactly one version per prompt name is active.</summary>
public sealed class PromptVersionEntity
{
    public string PromptName { get; set; } = "";
    public int Version { get; set; }
    public string Text { get; set; } = "";
    public int? ParentVersion { get; set; }
    public string Reason { get; set; } = "";
    public string Author { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public bool IsActive { get; set; }
    // Added by the Reflection migration; declared last so the model's column order matches a migrated SQLite table.
    /// <summary>The reflection report that produced it, if any.</summary>
    public string? ReportId { get; set; }
    /// <summary>The ids of the rules in its Dynamic Rules section, as a JSON array.</summary>
    public string RuleIds { get; set; } = "[]";
}
