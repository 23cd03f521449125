using System.Collections.Concurrent;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;

namespace KisTrader.Tests.Core.Graphs.Fakes;

internal sealed class InMemoryGraphStore : IGraphStore
{
    public readonly ConcurrentDictionary<string, GraphRun> Runs = new();
    private readonly Lock _lock = new();
    private readonly List<GraphStep> _steps = [];

    public Task CreateRunAsync(GraphRun run, CancellationToken ct = default)
    {
        if (!Runs.TryAdd(run.RunId, run)) throw new InvalidOperationException("duplicate run");
        return Task.CompletedTask;
    }

    public Task UpdateRunAsync(GraphRun run, CancellationToken ct = default)
    {
        Runs[run.RunId] = run;
        return Task.CompletedTask;
    }

    public Task AddStepAsync(GraphStep step, CancellationToken ct = default)
    {
        lock (_lock)
        {
            _steps.RemoveAll(s => s.RunId == step.RunId && s.Sequence == step.Sequence);
            _steps.Add(step);
        }
        return Task.CompletedTask;
    }

    public Task<GraphRun?> GetRunAsync(string runId, CancellationToken ct = default) => Task.FromResult(Runs.GetValueOrDefault(runId));

    public Task<IReadOnlyList<GraphRun>> ListRunsAsync(string? graph, int max = 100, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<GraphRun>>([.. Runs.Values.Where(r => graph is null || r.Graph == graph).OrderByDescending(r => r.StartedAt).Take(max)]);

    public Task<RunPage> QueryRunsAsync(RunQuery query, CancellationToken ct = default) => Task.FromResult(query.Apply(Runs.Values));

    public Task<IReadOnlyList<GraphStep>> StepsAsync(string runId, CancellationToken ct = default)
    {
        lock (_lock)
            return Task.FromResult<IReadOnlyList<GraphStep>>([.. _steps.Where(s => s.RunId == runId).OrderBy(s => s.Sequence)]);
    }

    public Task<IReadOnlyList<GraphRun>> UnfinishedRunsAsync(CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<GraphRun>>([.. Runs.Values.Where(r => r.Status is RunStatus.Running or RunStatus.AwaitingApproval).OrderBy(r => r.StartedAt)]);
}
