namespace KisTrader.Core.Graphs;

/// <summary>One step of a graph. It reads and changes the state; the runner stores the state after it.</summary>
public interface IGraphNode<in TState> where TState : class
{
    string Name { get; }

    Task<NodeResult> RunAsync(TState state, GraphContext context, CancellationToken ct);
}

/// <summary>A node that sends orders. The runner records that it started before running it; if a run is resumed after
/// a crash and this node started without completing, the runner calls <see cref="RecoverAsync"/> instead of running it
/// again, so orders are never sent twice.</summary>
public interface ISendsOrders<in TState> : IGraphNode<TState> where TState : class
{
    /// <summary>Rebuilds the node's outcome from what was actually sent (the order ledger) without sending anything.</summary>
    Task<NodeResult> RecoverAsync(TState state, GraphContext context, CancellationToken ct);
}

/// <summary>What a node knows about the run it is part of.</summary>
public sealed class GraphContext(string runId, string graph, string trigger, DateTimeOffset startedAt)
{
    public string RunId { get; } = runId;
    public string Graph { get; } = graph;
    public string Trigger { get; } = trigger;
    public DateTimeOffset StartedAt { get; } = startedAt;

    /// <summary>Set by a node when it actually submitted at least one order (stored on the step).</summary>
    public bool SentOrders { get; set; }
}
