using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>A graph store that keeps only the most recent runs and their steps (a backtest starts one run per session,
/// thousands in all, and nothing reads them after the run ends): memory stays flat however long the backtest. The
/// runs it keeps answer every query as <see cref="InMemoryGraphStore"/> does.</summary>
public sealed class BoundedGraphStore(int keepRuns = 1) : IGraphStore
{
    private readonly InMemoryGraphStore _inner = new();
    private readonly Queue<string> _order = new();
    private readonly Lock _lock = new();

    public async Task CreateRunAsync(GraphRun run, CancellationToken ct = default)
    {
        await _inner.CreateRunAsync(run, ct).ConfigureAwait(false);
        lock (_lock)
        {
            _order.Enqueue(run.RunId);
            while (_order.Count > Math.Max(1, keepRuns)) _inner.Forget(_order.Dequeue());
        }
    }

    public Task UpdateRunAsync(GraphRun run, CancellationToken ct = default) =>
        IsKept(run.RunId) ? _inner.UpdateRunAsync(run, ct) : Task.CompletedTask;

    public Task AddStepAsync(GraphStep step, CancellationToken ct = default) =>
        IsKept(step.RunId) ? _inner.AddStepAsync(step, ct) : Task.CompletedTask;

    public Task<GraphRun?> GetRunAsync(string runId, CancellationToken ct = default) => _inner.GetRunAsync(runId, ct);
    public Task<IReadOnlyList<GraphRun>> ListRunsAsync(string? graph, int max = 100, CancellationToken ct = default) => _inner.ListRunsAsync(graph, max, ct);
    public Task<RunPage> QueryRunsAsync(RunQuery query, CancellationToken ct = default) => _inner.QueryRunsAsync(query, ct);
    public Task<IReadOnlyList<GraphStep>> StepsAsync(string runId, CancellationToken ct = default) => _inner.StepsAsync(runId, ct);
    public Task<IReadOnlyList<GraphRun>> UnfinishedRunsAsync(CancellationToken ct = default) => _inner.UnfinishedRunsAsync(ct);

    private bool IsKept(string runId)
    {
        lock (_lock) return _order.Contains(runId);
    }
}
