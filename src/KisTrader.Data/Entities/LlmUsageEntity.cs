namespace KisTrader.Data.Entities;

public sealed class LlmUsageEntity
{
    public long Id { get; set; }
    public DateTime At { get; set; }
    public string Model { get; set; } = "";
    public int InputTokens { get; set; }
    public int OutputTokens { get; set; }
    public decimal CostUsd { get; set; }
    public string? RunId { get; set; }
    public string Outcome { get; set; } = "";
}
