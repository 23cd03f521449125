namespace KisTrader.Data.Entities;

public sealed class GraphRunEntity
{
    public string RunId { get; set; } = "";
    public string Graph { get; set; } = "";
    public string Trigger { get; set; } = "";
    public string Status { get; set; } = "";
    public DateTime StartedAt { get; set; }
    public DateTime? EndedAt { get; set; }
    public string? NextNode { get; set; }
    public string StateJson { get; set; } = "";
    public string? Summary { get; set; }
    public string? Error { get; set; }
    public List<GraphStepEntity> Steps { get; set; } = [];
}
