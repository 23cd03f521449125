using KisTrader.Core.Graphs;
using KisTrader.Core.InMemory;
using KisTrader.Testing;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Graphs;

/// <summary>A backtest's runner: the same nodes in the same order, but no state serialised after each node, and a store
/// that keeps only the latest runs.</summary>
public sealed class GraphRunnerWithoutCheckpointsTests
{
    public sealed class Counter
    {
        public int Value { get; set; }
    }

    private sealed class Node(string name, List<string> log) : IGraphNode<Counter>
    {
        public string Name => name;

        public Task<NodeResult> RunAsync(Counter state, GraphContext context, CancellationToken ct)
        {
            state.Value++;
            log.Add($"{name}{state.Value}");
            return Task.FromResult(NodeResult.Continue());
        }
    }

    [Fact]
    public async Task RunsEveryNodeInOrder_StoresNoState_KeepsOnlyTheLatestRuns_AndRefusesToResume()
    {
        var log = new List<string>();
        var store = new BoundedGraphStore(keepRuns: 2);
        var runner = new GraphRunner<Counter>(new GraphDefinition<Counter>("test", [new Node("A", log), new Node("B", log)], _ => new Counter()),
            store, new RecordingBus(), new ManualTimeProvider(new DateTimeOffset(2026, 12, 10, 0, 0, 0, TimeSpan.Zero))) { Checkpoints = false };

        var results = new List<GraphRunResult>();
        for (var i = 0; i < 3; i++) results.Add(await runner.StartAsync("backtest"));

        Assert.All(results, r => Assert.Equal(RunStatus.Completed, r.Status));
        Assert.Equal(["A1", "B2", "A1", "B2", "A1", "B2"], log);
        Assert.Null(await store.GetRunAsync(results[0].RunId!));
        Assert.Empty(await store.StepsAsync(results[0].RunId!));
        var last = await store.GetRunAsync(results[2].RunId!);
        Assert.NotNull(last);
        Assert.Equal("", last.StateJson);
        Assert.Equal(2, (await store.ListRunsAsync("test")).Count);
        var steps = await store.StepsAsync(results[2].RunId!);
        Assert.Equal(["A", "B"], steps.Select(s => s.Node));
        Assert.All(steps, s => Assert.Equal("", s.OutputJson));
        await Assert.ThrowsAsync<InvalidOperationException>(() => runner.ResumeAsync(results[2].RunId!));
    }
}
