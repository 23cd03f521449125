using KisTrader.Core.Graphs;

namespace KisTrader.Core.Ports;

public interface IGraphStore
{
    Task CreateRunAsync(GraphRun run, CancellationToken ct = default);

    Task UpdateRunAsync(GraphRun run, CancellationToken ct = default);

    /// <summary>Stores the step, replacing an earlier one with the same RunId and Sequence: an order-sending node is
    /// written once when it starts (no output) and again when it completes.</summary>
    Task AddStepAsync(GraphStep step, CancellationToken ct = default);

    /// <summary>Stores a step and the run's new checkpoint together: what the runner writes after every node. A store
    /// with transactions writes both in one (half the commits, and never a step without its checkpoint); this default
    /// writes the step, then the run.</summary>
    async Task CheckpointAsync(GraphStep step, GraphRun run, CancellationToken ct = default)
    {
        await AddStepAsync(step, ct);
        await UpdateRunAsync(run, ct);
    }

    Task<GraphRun?> GetRunAsync(string runId, CancellationToken ct = default);

    /// <summary>Newest first.</summary>
    Task<IReadOnlyList<GraphRun>> ListRunsAsync(string? graph, int max = 100, CancellationToken ct = default);

    /// <summary>One page of runs, filtered and ordered by the store, with the number of all that match.</summary>
    Task<RunPage> QueryRunsAsync(RunQuery query, CancellationToken ct = default);

    Task<IReadOnlyList<GraphStep>> StepsAsync(string runId, CancellationToken ct = default);

    /// <summary>Runs left Running (a crash) or AwaitingApproval, oldest first.</summary>
    Task<IReadOnlyList<GraphRun>> UnfinishedRunsAsync(CancellationToken ct = default);
}
