namespace KisTrader.Data.Entities;

public sealed class ConfigVersionEntity
{
    public long Id { get; set; }
    public DateTime RecordedAt { get; set; }
    public string RecordedBy { get; set; } = "";
    public string Sha256 { get; set; } = "";
    public string Json { get; set; } = "";
}
