namespace KisTrader.Core.Graphs;

public enum RunStatus
{
    Running,
    AwaitingApproval,
    Completed,
    Failed,
}

/// <summary>One run of a graph (table <c>graph_runs</c>); StateJson is the state after the last completed step.</summary>
public sealed record GraphRun(
    string RunId,
    string Graph,
    string Trigger,
    RunStatus Status,
    DateTimeOffset StartedAt,
    DateTimeOffset? EndedAt,
    string? NextNode,
    string StateJson,
    string? Summary,
    string? Error);

/// <summary>One executed node (table <c>graph_steps</c>) with its input and output state, timing and error.
/// SentOrders marks a step that sent orders: a resumed run never repeats it.</summary>
public sealed record GraphStep(
    string RunId,
    int Sequence,
    string Node,
    DateTimeOffset StartedAt,
    long DurationMs,
    string InputJson,
    string? OutputJson,
    string? Error,
    bool SentOrders);
