using System.Diagnostics;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Graphs;

/// <summary>
/// Runs a graph's nodes, storing the run and every step (input and output state, timing, error) and checkpointing
/// the state after every node, so a parked or interrupted run resumes where it stopped. A node that sends orders is
/// recorded as started before it runs; if it never completed, a resume calls its RecoverAsync instead of sending again.
/// One run of a graph at a time: register one runner per graph as a singleton.
/// </summary>
public sealed class GraphRunner<TState> where TState : class
{
    public const string InProgressMessage = "skipped: a run is in progress";
    private const string RecoverSuffix = ":recover";

    private readonly GraphDefinition<TState> _graph;
    private readonly IGraphStore _store;
    private readonly IEventBus _bus;
    private readonly TimeProvider _time;
    private readonly SemaphoreSlim _gate = new(1, 1);

    public GraphRunner(GraphDefinition<TState> graph, IGraphStore store, IEventBus bus, TimeProvider time)
    {
        _graph = graph;
        _store = store;
        _bus = bus;
        _time = time;
    }

    public string Graph => _graph.Name;

    /// <summary>Whether the state is serialised into the run and its steps after every node (the default, and what a
    /// crash-resumable live graph needs). A backtest, which nobody resumes and whose steps nobody reads, turns it off:
    /// the nodes run the same, the run and steps are stored without state, and <see cref="ResumeAsync"/> refuses.</summary>
    public bool Checkpoints { get; init; } = true;

    private string Checkpoint(TState state) => Checkpoints ? GraphJson.Serialize(state) : "";

    /// <summary>True while a run of this graph is executing in this process.</summary>
    public bool IsRunning => _gate.CurrentCount == 0;

    /// <summary>Starts a new run unless one is in progress (then returns Skipped, never queues: missed runs are skipped).</summary>
    public async Task<GraphRunResult> StartAsync(string trigger, CancellationToken ct = default)
    {
        if (!await _gate.WaitAsync(0, ct))
            return GraphRunResult.Skip(InProgressMessage);
        try
        {
            var now = _time.GetUtcNow();
            var runId = Guid.NewGuid().ToString("N");
            var context = new GraphContext(runId, _graph.Name, trigger, now);
            var state = _graph.CreateState(context);
            var run = new GraphRun(runId, _graph.Name, trigger, RunStatus.Running, now, null, _graph.Nodes[0].Name,
                Checkpoint(state), null, null);
            await _store.CreateRunAsync(run, ct);
            _bus.Publish(new RunUpdated(run));
            return await RunFromAsync(run, state, _graph.Nodes[0].Name, 0, recover: false, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// Resumes a parked (AwaitingApproval) or interrupted (Running after a crash) run at its NextNode, or at
    /// <paramref name="atNode"/>. <paramref name="update"/> may change the stored state first (e.g. add what happened
    /// while it was parked). Waits for a run in progress to finish or park.
    /// </summary>
    public async Task<GraphRunResult> ResumeAsync(string runId, string? atNode = null, Func<TState, CancellationToken, Task>? update = null,
        CancellationToken ct = default)
    {
        if (!Checkpoints) throw new InvalidOperationException($"Runs of graph '{_graph.Name}' keep no checkpoints here, so they cannot be resumed.");
        await _gate.WaitAsync(ct);
        try
        {
            // Inside the gate no run of this graph is executing, so a stored Running run was interrupted.
            var run = await _store.GetRunAsync(runId, ct);
            if (run is null || run.Graph != _graph.Name)
                return GraphRunResult.Skip($"skipped: no run '{runId}' of graph '{_graph.Name}'", runId);
            if (run.Status is not (RunStatus.Running or RunStatus.AwaitingApproval))
                return GraphRunResult.Skip($"skipped: run is {run.Status}", runId);
            var state = GraphJson.Deserialize<TState>(run.StateJson);
            if (update is not null)
                await update(state, ct);
            var steps = await _store.StepsAsync(runId, ct);
            var sequence = steps.Count == 0 ? 0 : steps.Max(s => s.Sequence) + 1;
            var node = atNode ?? run.NextNode;
            run = run with { Status = RunStatus.Running, StateJson = GraphJson.Serialize(state), NextNode = node };
            if (node is null)
                return await FinishAsync(run, RunStatus.Completed, null, run.Summary ?? "completed", null, ct);
            var last = steps.OrderBy(s => s.Sequence).LastOrDefault();
            // The order-sending node was entered after the last checkpoint: find out what it sent instead of sending again.
            var recover = _graph.Find(node) is ISendsOrders<TState> && last is not null && BaseName(last.Node) == node;
            await _store.UpdateRunAsync(run, ct);
            _bus.Publish(new RunUpdated(run));
            return await RunFromAsync(run, state, node, sequence, recover, ct);
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>Resumes every run of this graph that a crash left Running (call at start-up). Parked runs stay parked.</summary>
    public async Task<IReadOnlyList<GraphRunResult>> ResumeInterruptedAsync(CancellationToken ct = default)
    {
        var results = new List<GraphRunResult>();
        foreach (var run in await _store.UnfinishedRunsAsync(ct))
            if (run.Graph == _graph.Name && run.Status == RunStatus.Running)
                results.Add(await ResumeAsync(run.RunId, ct: ct));
        return results;
    }

    private async Task<GraphRunResult> RunFromAsync(GraphRun run, TState state, string nodeName, int sequence, bool recover, CancellationToken ct)
    {
        var context = new GraphContext(run.RunId, run.Graph, run.Trigger, run.StartedAt);
        string? current = nodeName;
        while (current is not null)
        {
            var node = _graph.Find(current);
            if (node is null)
                return await FinishAsync(run, RunStatus.Failed, null, null, $"unknown node '{current}'", ct);

            var sender = node as ISendsOrders<TState>;
            // The run's StateJson is always the state as it stands here (set on start, on resume and after every node),
            // so the step's input is not serialised a second time.
            var input = run.StateJson;
            var startedAt = _time.GetUtcNow();
            var started = _time.GetTimestamp();
            var stepName = recover ? node.Name + RecoverSuffix : node.Name;
            context.SentOrders = false;
            if (sender is not null && !recover)
            {
                // Written before any order can be sent: a crash from here on leads to RecoverAsync, never a resend.
                await _store.AddStepAsync(new GraphStep(run.RunId, sequence, stepName, startedAt, 0, input, null, null, true), ct);
            }

            NodeResult result;
            string? error = null;
            try
            {
                result = recover && sender is not null
                    ? await sender.RecoverAsync(state, context, ct)
                    : await node.RunAsync(state, context, ct);
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                // Left Running with its checkpoint: a resume picks it up (recovering an order-sending node).
                throw;
            }
            catch (Exception ex)
            {
                error = $"{ex.GetType().Name}: {ex.Message}";
                result = NodeResult.Fail(error);
            }
            if (result is NodeResult.FailResult f && error is null)
                error = f.Error;

            var output = Checkpoint(state);
            var duration = (long)_time.GetElapsedTime(started).TotalMilliseconds;
            // Written together with the run's next checkpoint (one transaction in the database store).
            var step = new GraphStep(run.RunId, sequence, stepName, startedAt, duration, input, output, error,
                context.SentOrders || (sender is not null && recover));
            sequence++;
            recover = false;
            run = run with { StateJson = output };

            switch (result)
            {
                case NodeResult.ContinueResult c:
                    current = c.Next ?? _graph.NextAfter(node.Name);
                    if (current is not null && _graph.Find(current) is null)
                        return await FinishAsync(run, RunStatus.Failed, null, null, $"node '{node.Name}' chose unknown node '{current}'", ct, step: step);
                    run = run with { NextNode = current };
                    if (current is null)
                        return await FinishAsync(run, RunStatus.Completed, null, "completed", null, ct, step: step);
                    await _store.CheckpointAsync(step, run, ct);
                    _bus.Publish(new RunUpdated(run));
                    break;
                case NodeResult.ParkResult p:
                    return await FinishAsync(run, RunStatus.AwaitingApproval, p.ResumeAt ?? _graph.NextAfter(node.Name), p.Reason, null, ct, step: step);
                case NodeResult.EndResult e:
                    return await FinishAsync(run, e.Error is null ? RunStatus.Completed : RunStatus.Failed, null, e.Summary, e.Error, ct, e.Report, step);
                case NodeResult.FailResult fail:
                    return await FinishAsync(run, RunStatus.Failed, null, null, $"{node.Name}: {fail.Error}", ct, step: step);
                default:
                    throw new InvalidOperationException($"Unknown node result {result.GetType().Name}.");
            }
        }
        return await FinishAsync(run, RunStatus.Completed, null, "completed", null, ct);
    }

    /// <param name="step">The last node's step, not written yet: stored with the final run.</param>
    private async Task<GraphRunResult> FinishAsync(GraphRun run, RunStatus status, string? next, string? summary, string? error, CancellationToken ct,
        object? report = null, GraphStep? step = null)
    {
        var ended = status is RunStatus.Completed or RunStatus.Failed ? _time.GetUtcNow() : (DateTimeOffset?)null;
        run = run with { Status = status, NextNode = next, Summary = summary ?? run.Summary, Error = error, EndedAt = ended };
        if (step is not null) await _store.CheckpointAsync(step, run, ct);
        else await _store.UpdateRunAsync(run, ct);
        _bus.Publish(new RunUpdated(run, report));
        return new GraphRunResult(run.RunId, status, false, error ?? summary ?? status.ToString());
    }

    private static string BaseName(string stepNode) =>
        stepNode.EndsWith(RecoverSuffix, StringComparison.Ordinal) ? stepNode[..^RecoverSuffix.Length] : stepNode;
}
