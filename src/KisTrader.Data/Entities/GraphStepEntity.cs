namespace KisTrader.Data.Entities;

public sealed class GraphStepEntity
{
    public string RunId { get; set; } = "";
    public int Sequence { get; set; }
    public string Node { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public long DurationMs { get; set; }
    public string InputJson { get; set; } = "";
    public string? OutputJson { get; set; }
    public string? Error { get; set; }
    public bool SentOrders { get; set; }
    public GraphRunEntity? Run { get; set; }
}
