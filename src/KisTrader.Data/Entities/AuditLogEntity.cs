namespace KisTrader.Data.Entities;

public sealed class AuditLogEntity
{
    public long Id { get; set; }
    public DateTime Timestamp { get; set; }
    public string Actor { get; set; } = "";
    public string Action { get; set; } = "";
    public string Target { get; set; } = "";
    public string? Details { get; set; }
}
