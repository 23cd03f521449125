using KisTrader.Core.InMemory;
using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Testing;
using KisTrader.Tests.Core.Graphs.Fakes;
using KisTrader.Web.Alerts;
using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web.Alerts;

/// <summary>Trading:EventRuns through the real runner, graph runner and market-analysis node: what a run analyses is the
/// proof of its scope.</summary>
public sealed class EventRunsTests : IDisposable
{
    private static readonly DateTimeOffset Now = new(2026, 12, 7, 1, 0, 0, TimeSpan.Zero); // Monday 10:00 KST
    private static readonly string[] Watchlist = ["005930", "000660", "035420"];

    /// <summary>The graph's last node: records the scope it saw and, when <see cref="Hold"/> is set, waits for it.</summary>
    private sealed class EndNode : IGraphNode<TradingState>
    {
        public readonly List<List<string>?> Scopes = [];
        public TaskCompletionSource? Hold;
        public readonly TaskCompletionSource Entered = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public string Name => "End";

        public async Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
        {
            lock (Scopes) Scopes.Add(state.Scope);
            Entered.TrySetResult();
            if (Hold is { } hold) await hold.Task.WaitAsync(ct);
            return NodeResult.End("done");
        }
    }

    private readonly ManualTimeProvider _clock = new(Now);
    private readonly InMemoryGraphStore _store = new();
    private readonly InMemoryEventBus _bus = new();
    private readonly EndNode _end = new();
    private readonly FakeAnalyzer _analyzer = new(t => OperationalHarness.FreshAnalysis(Now));
    private readonly OperationalRunner _runner;
    private readonly EventRuns _events;

    public EventRunsTests()
    {
        var settings = AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kis:Environment"] = "Paper", ["Kis:AppKey"] = "k", ["Kis:AppSecret"] = "s", ["Kis:AccountNumber"] = "12345678",
        }).Build());
        var options = new OperationalGraphOptions { Watchlist = Watchlist };
        var graph = new GraphRunner<TradingState>(
            new GraphDefinition<TradingState>(OperationalGraph.Name, [new AnalyzeMarketNode(_analyzer, options), _end], TradingState.Create),
            _store, _bus, _clock);
        _runner = new OperationalRunner(graph, new KrxCalendar(), Microsoft.Extensions.Options.Options.Create(settings.Kis), Microsoft.Extensions.Options.Options.Create(settings.Simulator), _clock, NullLogger<OperationalRunner>.Instance);
        var policy = new EventRunPolicy(true, Watchlist, TimeSpan.FromMinutes(30), _clock);
        _events = new EventRuns(policy, _runner, _bus, NullLogger<EventRuns>.Instance);
    }

    public void Dispose() => _bus.Dispose();

    private static Alert Signal(AlertKind kind, string ticker) => new(kind, ticker, NotificationLevel.Warning, $"{kind} {ticker}", "m", Now);

    [Fact]
    public async Task ASurgeOnAWatchedTicker_StartsExactlyOneRunScopedToThatTicker_AndASecondWithinTheRateLimitDoesNot()
    {
        var attempt = _events.Handle(Signal(AlertKind.Surge, "005930"));
        Assert.Equal("event:surge:005930", attempt.Trigger);
        var outcome = await attempt.Run!;
        Assert.Equal("Completed", outcome.Status);
        var run = Assert.Single(_store.Runs.Values);
        Assert.Equal("event:surge:005930", run.Trigger);
        Assert.Equal(["005930"], _analyzer.LastTickers);
        Assert.Equal(["005930"], Assert.Single(_end.Scopes));

        var second = _events.Handle(Signal(AlertKind.VolumeSpike, "005930"));
        Assert.Null(second.Run);
        Assert.Contains("at most one per 30 min", second.Reason);
        Assert.Single(_store.Runs.Values);

        // Another watched ticker has its own turn.
        Assert.Equal("Completed", (await _events.Handle(Signal(AlertKind.Plunge, "000660")).Run!).Status);
        Assert.Equal(["000660"], _analyzer.LastTickers);
        Assert.Equal(2, _store.Runs.Count);
    }

    [Fact]
    public void ASignalOnAnUnwatchedTicker_StartsNoRun()
    {
        var attempt = _events.Handle(Signal(AlertKind.Surge, "999999"));
        Assert.Null(attempt.Run);
        Assert.Contains("not on the watchlist", attempt.Reason);
        Assert.Empty(_store.Runs);
    }

    [Fact]
    public async Task ARunningGraph_IsNotOverlapped_TheEventRunIsSkippedAndNotQueued()
    {
        _end.Hold = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var scheduled = _runner.RunAsync("manual");
        await _end.Entered.Task;

        var attempt = _events.Handle(Signal(AlertKind.Surge, "005930"));
        var outcome = await attempt.Run!;
        Assert.Equal(OperationalRunner.Skipped, outcome.Status);
        Assert.Contains("in progress", outcome.Summary);

        _end.Hold.SetResult();
        Assert.Equal("Completed", (await scheduled).Status);
        // Only the run that was in progress: the skipped event run did not wait its turn.
        var run = Assert.Single(_store.Runs.Values);
        Assert.Equal("manual", run.Trigger);
        Assert.Null(Assert.Single(_end.Scopes));
        Assert.Equal(Watchlist, _analyzer.LastTickers);

        // Nothing ran for the ticker, so its turn was given back: the next signal starts its run.
        _end.Hold = null;
        Assert.Equal("Completed", (await _events.Handle(Signal(AlertKind.Surge, "005930")).Run!).Status);
        Assert.Equal(2, _store.Runs.Count);
    }

    [Fact]
    public async Task AnAlertOnTheBus_StartsTheEventRun()
    {
        await _events.StartAsync(CancellationToken.None);
        _bus.Publish(new AlertRaised(Signal(AlertKind.VolumeSpike, "035420")));
        await _end.Entered.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await _events.StopAsync(CancellationToken.None);
        Assert.Equal("event:volumespike:035420", Assert.Single(_store.Runs.Values).Trigger);
    }
}
