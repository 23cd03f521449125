using KisTrader.Core.InMemory;
using System.Text.Json;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Testing;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Graphs;

public sealed class GraphRunnerTests
{
    public enum Mood { Calm, Busy }

    public sealed class TestState
    {
        public List<string> Visited { get; set; } = [];
        public Mood Mood { get; set; } = Mood.Calm;
        public int Sent { get; set; }
        public bool Recovered { get; set; }
    }

    private sealed class Node(string name, Func<TestState, NodeResult>? body = null, Func<Task>? wait = null) : IGraphNode<TestState>
    {
        public string Name => name;

        public async Task<NodeResult> RunAsync(TestState state, GraphContext context, CancellationToken ct)
        {
            if (wait is not null) await wait();
            state.Visited.Add(name);
            return body?.Invoke(state) ?? NodeResult.Continue();
        }
    }

    private sealed class SendingNode(string name) : ISendsOrders<TestState>
    {
        public bool Crash { get; set; }
        public CancellationTokenSource Process { get; } = new();
        public int Runs;
        public int Recoveries;
        public string Name => name;

        public Task<NodeResult> RunAsync(TestState state, GraphContext context, CancellationToken ct)
        {
            Runs++;
            state.Sent++;
            context.SentOrders = true;
            // The process "dies" after sending: the cancellation leaves the run Running, as a crash would.
            if (Crash)
            {
                Process.Cancel();
                ct.ThrowIfCancellationRequested();
            }
            state.Visited.Add(name);
            return Task.FromResult(NodeResult.Continue());
        }

        public Task<NodeResult> RecoverAsync(TestState state, GraphContext context, CancellationToken ct)
        {
            Recoveries++;
            state.Recovered = true;
            state.Visited.Add(name + "?");
            return Task.FromResult(NodeResult.Continue());
        }
    }

    private readonly ManualTimeProvider _time = new(new DateTimeOffset(2026, 11, 23, 1, 0, 0, TimeSpan.Zero));
    private readonly InMemoryGraphStore _store = new();
    private readonly RecordingBus _bus = new();

    private GraphRunner<TestState> Runner(params IGraphNode<TestState>[] nodes) =>
        new(new GraphDefinition<TestState>("test", nodes, _ => new TestState()), _store, _bus, _time);

    [Fact]
    public async Task Start_RunsNodesInOrder_AndStoresEveryStepWithInputAndOutputState()
    {
        var runner = Runner(new Node("A"), new Node("B"), new Node("C"));

        var result = await runner.StartAsync("manual");

        Assert.Equal(RunStatus.Completed, result.Status);
        var steps = await _store.StepsAsync(result.RunId!);
        Assert.Equal(["A", "B", "C"], steps.Select(s => s.Node));
        Assert.Equal([0, 1, 2], steps.Select(s => s.Sequence));
        Assert.Contains("\"visited\":[]", steps[0].InputJson);
        Assert.Contains("\"visited\":[\"A\"]", steps[0].OutputJson);
        Assert.Equal(steps[0].OutputJson, steps[1].InputJson);
        var run = _store.Runs[result.RunId!];
        Assert.Null(run.NextNode);
        Assert.NotNull(run.EndedAt);
        Assert.Equal("manual", run.Trigger);
        Assert.Contains("\"visited\":[\"A\",\"B\",\"C\"]", run.StateJson);
    }

    [Fact]
    public async Task State_IsCamelCaseJsonWithEnumsAsStrings()
    {
        var runner = Runner(new Node("A", s => { s.Mood = Mood.Busy; return NodeResult.Continue(); }));
        var result = await runner.StartAsync("manual");
        using var doc = JsonDocument.Parse(_store.Runs[result.RunId!].StateJson);
        Assert.Equal("Busy", doc.RootElement.GetProperty("mood").GetString());
    }

    [Fact]
    public async Task ConditionalEdge_JumpsToTheChosenNode()
    {
        var runner = Runner(new Node("A", _ => NodeResult.Continue("C")), new Node("B"), new Node("C"));
        var result = await runner.StartAsync("manual");
        Assert.Equal(["A", "C"], (await _store.StepsAsync(result.RunId!)).Select(s => s.Node));
    }

    [Fact]
    public async Task EveryStep_PublishesRunUpdated_AndCheckpointsNextNode()
    {
        var runner = Runner(new Node("A"), new Node("B"));
        await runner.StartAsync("manual");
        var updates = _bus.OfType<RunUpdated>().Select(u => (u.Run.Status, u.Run.NextNode)).ToList();
        Assert.Equal([(RunStatus.Running, "A"), (RunStatus.Running, "B"), (RunStatus.Completed, null)], updates);
    }

    [Fact]
    public async Task Park_StopsAwaitingApproval_AndResumeContinuesWhereItParked()
    {
        var runner = Runner(new Node("A", _ => NodeResult.Park("waiting for an admin")), new Node("B"), new Node("C"));

        var parked = await runner.StartAsync("manual");
        Assert.Equal(RunStatus.AwaitingApproval, parked.Status);
        Assert.Equal("B", _store.Runs[parked.RunId!].NextNode);
        Assert.Equal("waiting for an admin", _store.Runs[parked.RunId!].Summary);

        var resumed = await runner.ResumeAsync(parked.RunId!, update: (s, _) => { s.Mood = Mood.Busy; return Task.CompletedTask; });

        Assert.Equal(RunStatus.Completed, resumed.Status);
        var steps = await _store.StepsAsync(parked.RunId!);
        Assert.Equal(["A", "B", "C"], steps.Select(s => s.Node));
        Assert.Contains("\"mood\":\"Busy\"", steps[1].InputJson);
    }

    [Fact]
    public async Task Resume_OfACompletedRun_IsSkipped()
    {
        var runner = Runner(new Node("A"));
        var done = await runner.StartAsync("manual");
        var again = await runner.ResumeAsync(done.RunId!);
        Assert.True(again.Skipped);
        Assert.Single(await _store.StepsAsync(done.RunId!));
    }

    [Fact]
    public async Task NodeThatThrows_FailsTheRun_WithTheErrorOnTheStepAndTheRun()
    {
        var runner = Runner(new Node("A"), new Node("B", _ => throw new InvalidOperationException("broker down")), new Node("C"));

        var result = await runner.StartAsync("manual");

        Assert.Equal(RunStatus.Failed, result.Status);
        var steps = await _store.StepsAsync(result.RunId!);
        Assert.Equal(["A", "B"], steps.Select(s => s.Node));
        Assert.Contains("broker down", steps[1].Error);
        Assert.Contains("broker down", _store.Runs[result.RunId!].Error);
        Assert.NotNull(_store.Runs[result.RunId!].EndedAt);
    }

    [Fact]
    public async Task NodeReturningFail_FailsTheRun()
    {
        var runner = Runner(new Node("A", _ => NodeResult.Fail("no data")), new Node("B"));
        var result = await runner.StartAsync("manual");
        Assert.Equal(RunStatus.Failed, result.Status);
        Assert.Equal("A: no data", _store.Runs[result.RunId!].Error);
    }

    [Fact]
    public async Task StartWhileARunIsInProgress_IsSkipped_AndDoesNotQueue()
    {
        var release = new TaskCompletionSource();
        var entered = new TaskCompletionSource();
        var runner = Runner(new Node("A", wait: async () => { entered.TrySetResult(); await release.Task; }));

        var first = runner.StartAsync("schedule");
        await entered.Task.WaitAsync(TimeSpan.FromSeconds(10));
        var second = await runner.StartAsync("schedule");
        release.SetResult();
        var done = await first;

        Assert.True(second.Skipped);
        Assert.Equal(GraphRunner<TestState>.InProgressMessage, second.Message);
        Assert.Equal(RunStatus.Completed, done.Status);
        Assert.Single(_store.Runs);
    }

    [Fact]
    public async Task CrashInsideOrderSendingNode_Resume_RecoversInsteadOfSendingAgain()
    {
        var send = new SendingNode("Send") { Crash = true };
        var runner = Runner(new Node("A"), send, new Node("Report"));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => runner.StartAsync("manual", send.Process.Token));
        var runId = _store.Runs.Keys.Single();
        Assert.Equal(RunStatus.Running, _store.Runs[runId].Status);
        Assert.Equal("Send", _store.Runs[runId].NextNode);
        var marker = (await _store.StepsAsync(runId)).Last();
        Assert.True(marker is { Node: "Send", OutputJson: null, SentOrders: true });

        send.Crash = false;
        var results = await runner.ResumeInterruptedAsync();

        Assert.Equal(RunStatus.Completed, Assert.Single(results).Status);
        Assert.Equal(1, send.Runs);
        Assert.Equal(1, send.Recoveries);
        var state = GraphJson.Deserialize<TestState>(_store.Runs[runId].StateJson);
        Assert.True(state.Recovered);
        Assert.Equal(["A", "Send?", "Report"], state.Visited);
        Assert.Equal(["A", "Send", "Send:recover", "Report"], (await _store.StepsAsync(runId)).Select(s => s.Node));
    }

    [Fact]
    public async Task CrashBeforeOrderSendingNodeStarted_Resume_RunsItNormally()
    {
        var send = new SendingNode("Send");
        var runner = Runner(new Node("A"), send);
        // A crash right after A's checkpoint: the run is left Running with Send next and A as its last step.
        var result = await Runner(new Node("A")).StartAsync("x");
        var run = _store.Runs[result.RunId!] with { Status = RunStatus.Running, NextNode = "Send", EndedAt = null };
        await _store.UpdateRunAsync(run);

        var resumed = await runner.ResumeAsync(run.RunId);

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(1, send.Runs);
        Assert.Equal(0, send.Recoveries);
    }
}
