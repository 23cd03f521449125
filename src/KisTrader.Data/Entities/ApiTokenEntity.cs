namespace KisTrader.Data.Entities;

/// <summary>A user's API token: its SHA-256 only, never its text.</summary>
public sealed class ApiTokenEntity
{
    public long Id { get; set; }
    public string UserId { get; set; } = "";
    public string Name { get; set; } = "";
    public string Prefix { get; set; } = "";
    public string Hash { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime? LastUsedAt { get; set; }
    public DateTime? RevokedAt { get; set; }
}
