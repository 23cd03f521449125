using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;

namespace KisTrader.ComponentTests;

public sealed class FakeGraphStore : IGraphStore
{
    public List<GraphRun> Runs { get; } = [];
    public List<GraphStep> Steps { get; } = [];
    public List<RunQuery> Queries { get; } = [];

    public Task CreateRunAsync(GraphRun run, CancellationToken ct = default) => throw new NotSupportedException();
    public Task UpdateRunAsync(GraphRun run, CancellationToken ct = default) => throw new NotSupportedException();
    public Task AddStepAsync(GraphStep step, CancellationToken ct = default) => throw new NotSupportedException();
    public Task<GraphRun?> GetRunAsync(string runId, CancellationToken ct = default) => Task.FromResult(Runs.FirstOrDefault(r => r.RunId == runId));
    public Task<IReadOnlyList<GraphRun>> ListRunsAsync(string? graph, int max = 100, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<GraphRun>>([.. new RunQuery(graph, Take: max).Apply(Runs).Items]);

    public Task<RunPage> QueryRunsAsync(RunQuery query, CancellationToken ct = default)
    {
        Queries.Add(query);
        return Task.FromResult(query.Apply(Runs));
    }

    public Task<IReadOnlyList<GraphStep>> StepsAsync(string runId, CancellationToken ct = default) =>
        Task.FromResult<IReadOnlyList<GraphStep>>([.. Steps.Where(s => s.RunId == runId).OrderBy(s => s.Sequence)]);
    public Task<IReadOnlyList<GraphRun>> UnfinishedRunsAsync(CancellationToken ct = default) => throw new NotSupportedException();

    public static GraphRun Run(string id, DateTimeOffset at, RunStatus status = RunStatus.Completed, string? summary = null) =>
        new(id, "operational", "schedule", status, at, status == RunStatus.Running ? null : at.AddSeconds(3), null, "{}", summary ?? $"summary of {id}", null);
}
