namespace KisTrader.Data.Entities;

public sealed class PendingApprovalEntity
{
    public string ApprovalId { get; set; } = "";
    public string RunId { get; set; } = "";
    public string Ticker { get; set; } = "";
    /// <summary>The planned order as JSON (the graph's JSON shape).</summary>
    public string OrderJson { get; set; } = "";
    public string VerdictJson { get; set; } = "";
    public DateTime CreatedAt { get; set; }
    public DateTime ExpiresAt { get; set; }
    public string Status { get; set; } = "";
    public string? DecidedBy { get; set; }
    public DateTime? DecidedAt { get; set; }
    public string? DecisionReason { get; set; }
    public string? OrderId { get; set; }
    /// <summary>The newer approval of the same ticker and side that superseded this one.</summary>
    public string? SupersededBy { get; set; }
    /// <summary>The plan the approval came from as JSON (<c>ProposalPlan</c>); null for approvals made before it was stored.</summary>
    public string? PlanJson { get; set; }
    /// <summary>Why an approved order was not sent.</summary>
    public string? NotSentReason { get; set; }
}
