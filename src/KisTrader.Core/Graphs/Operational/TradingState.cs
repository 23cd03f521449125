using System.Text.Json.Serialization;
using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Risk;

namespace KisTrader.Core.Graphs.Operational;

/// <summary>The operational graph's state, stored as JSON after every node (graph_runs.state_json).</summary>
public sealed class TradingState
{
    public string RunId { get; set; } = "";
    public DateTimeOffset StartedAt { get; set; }
    public string Trigger { get; set; } = "";
    /// <summary>An event run's tickers (the alert's ticker); null for a full run over the watchlist.</summary>
    public List<string>? Scope { get; set; }
    public PortfolioSnapshot? Portfolio { get; set; }
    public MarketAnalysis? Analysis { get; set; }
    public string? Engine { get; set; }
    public string? EngineNotice { get; set; }
    public TradingPlan? Plan { get; set; }
    public PlanRejection? Rejection { get; set; }
    /// <summary>Orders the engine's guard dropped from an otherwise valid plan, with reasons.</summary>
    public List<string> DroppedOrders { get; set; } = [];
    /// <summary>Why the decision made no orders without asking an engine (e.g. stale market data).</summary>
    public string? DecisionNote { get; set; }
    public List<OrderCheck> Checks { get; set; } = [];
    public List<OrderExecution> Executions { get; set; } = [];
    public List<string> RecordedTradeIds { get; set; } = [];
    public RunReport? Report { get; set; }

    /// <summary>Whether the execute node (or a decision reported instead) has already dealt with <paramref name="check"/>:
    /// every check it sends or refuses gets exactly one execution, matched by approval, ticker and side (a plan holds one
    /// order per ticker and side).</summary>
    public bool IsHandled(OrderCheck check) => Executions.Any(e =>
        e.ApprovalId == check.ApprovalId && e.Order.Ticker == check.Order.Ticker && e.Order.Side == check.Order.Side);

    public static TradingState Create(GraphContext context) => new()
    {
        RunId = context.RunId,
        StartedAt = context.StartedAt,
        Trigger = context.Trigger,
        Scope = EventTrigger.TickerOf(context.Trigger) is { } ticker ? [ticker] : null,
    };
}

/// <summary>The risk check of one planned order, and whether (and under which approval) it waits for an admin.
/// <paramref name="Decision"/> is the admin's decision once the run resumed after it (null while it waits); an approved
/// order's <paramref name="Verdict"/> is then the fresh check made on resuming.</summary>
public sealed record OrderCheck(PlannedOrder Order, RiskVerdict Verdict, bool RequiresApproval, string? ApprovalId,
    ApprovalStatus? Decision = null)
{
    /// <summary>Waiting for an admin's decision.</summary>
    [JsonIgnore]
    public bool AwaitsDecision => RequiresApproval && Decision is null;

    /// <summary>May be sent by the execute node: passed risk, and needs no admin or was approved by one.</summary>
    [JsonIgnore]
    public bool Sendable => Verdict.Approved && Verdict.ApprovedQuantity > 0 && (!RequiresApproval || Decision == ApprovalStatus.Approved);

    /// <summary>The order as it may be sent: the verdict may approve fewer shares than planned.</summary>
    [JsonIgnore]
    public PlannedOrder ApprovedOrder => Order with { Quantity = Verdict.ApprovedQuantity };
}

/// <summary>One submission through the order gateway: its ledger order, the broker's answer, and the risk verdict at send time.</summary>
public sealed record OrderExecution(
    PlannedOrder Order,
    string? OrderId,
    SubmissionStatus? Status,
    RiskVerdict? Verdict,
    string? Code,
    string? Message,
    string? ApprovalId = null);

/// <summary>What a run did, for the dashboard and notifications (it travels with the run's last <c>RunUpdated</c>, so
/// notifications never read the run's state). Rejections lists every reason an order or plan was refused.</summary>
/// <param name="Engine">The engine that decided (the fallback's name when it stood in), null when none was asked.</param>
/// <param name="EngineNotice">Why the engine differs from the configured one (the LLM budget, a failure streak).</param>
/// <param name="DecisionFailure">Why no plan could be made: the run failed on its decision.</param>
/// <param name="EngineFailed">An engine's answer was rejected (the fallback may have decided instead).</param>
/// <param name="Handled">How many orders the execute node dealt with (sent or refused).</param>
public sealed record RunReport(
    IReadOnlyList<string> Lines,
    int Planned,
    int RiskApproved,
    int RiskRejected,
    int AwaitingApproval,
    int Sent,
    int Filled,
    int TradesRecorded,
    IReadOnlyList<string> Rejections,
    string? Engine = null,
    string? EngineNotice = null,
    string? DecisionFailure = null,
    bool EngineFailed = false,
    int Handled = 0)
{
    [JsonIgnore]
    public string Summary => Lines.Count > 0 ? Lines[0] : "";
}
