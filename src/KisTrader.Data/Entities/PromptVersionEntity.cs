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
}
