using System.Collections.Concurrent;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>Graph runs and their steps in memory (a backtest's, and the tests').</summary>
public sealed class InMemoryGraphStore : IGraphStore
{
    private readonly ConcurrentDictionary<string, GraphRun> _runs = new();

    public IReadOnlyDictionary<string, GraphRun> Runs => _runs;
    private readonly Lock _lock = new();
    // Per run, by sequence: a backtest adds thousands of runs, so a step is replaced without scanning every step stored.
    private readonly Dictionary<string, Dictionary<int, GraphStep>> _steps = new(StringComparer.Ordinal);

    public Task CreateRunAsync(GraphRun run, CancellationToken ct = default)
    {
        if (!_runs.TryAdd(run.RunId, run)) throw new InvalidOperationException("duplicate run");
        return Task.CompletedTask;
    }

    public Task UpdateRunAsync(GraphRun run, CancellationToken ct = default)
    {
        _runs[run.RunId] = run;
        return Task.CompletedTask;
    }

    public Task AddStepAsync(GraphStep step, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_steps.TryGetValue(step.RunId, out var run)) _steps[step.RunId] = run = [];
            run[step.Sequence] = step;
        }
        return Task.CompletedTask;
    }

    public Task<GraphRun?> GetRunAsync(string runId, CancellationToken ct = default) => Task.FromResult(_runs.GetValueOrDefault(runId));

    public Task<IReadOnlyList<GraphRun>> ListRunsAsync(string? graph, int max = 100, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<GraphRun>>([.. _runs.Values.Where(r => graph is null || r.Graph == graph).OrderByDescending(r => r.StartedAt).Take(max)]);

    public Task<RunPage> QueryRunsAsync(RunQuery query, CancellationToken ct = default) => Task.FromResult(query.Apply(_runs.Values));

    public Task<IReadOnlyList<GraphStep>> StepsAsync(string runId, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<GraphStep>>(_steps.TryGetValue(runId, out var run) ? [.. run.Values.OrderBy(s => s.Sequence)] : []);
    }

    /// <summary>Drops a run and its steps (<see cref="BoundedGraphStore"/> keeps only the latest).</summary>
    internal void Forget(string runId)
    {
        _runs.TryRemove(runId, out _);
        lock (_lock) _steps.Remove(runId);
    }

    public Task<IReadOnlyList<GraphRun>> UnfinishedRunsAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<GraphRun>>([.. _runs.Values.Where(r => r.Status is RunStatus.Running or RunStatus.AwaitingApproval).OrderBy(r => r.StartedAt)]);
}
