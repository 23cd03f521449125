using KisTrader.Core.InMemory;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Testing;
using KisTrader.Tests.Core.Graphs.Fakes;
using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging.Abstractions;

namespace KisTrader.Tests.Web.Scheduling;

public sealed class OperationalRunnerTests
{
    // Friday 2026-12-25 (Christmas, a KRX holiday) and the Monday after, 10:00 KST.
    private static readonly DateTimeOffset Christmas = new(2026, 12, 25, 1, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Monday = new(2026, 12, 28, 1, 0, 0, TimeSpan.Zero);

    private sealed class CountingNode : IGraphNode<TradingState>
    {
        public int Runs;
        public string Name => "Only";

        public Task<NodeResult> RunAsync(TradingState state, GraphContext context, CancellationToken ct)
        {
            Interlocked.Increment(ref Runs);
            return Task.FromResult(NodeResult.End("did the work"));
        }
    }

    private static (OperationalRunner Runner, CountingNode Node) Create(DateTimeOffset now, string environment)
    {
        var settings = AppSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Kis:Environment"] = environment, ["Kis:AppKey"] = "k", ["Kis:AppSecret"] = "s", ["Kis:AccountNumber"] = "12345678",
        }).Build());
        var node = new CountingNode();
        var clock = new ManualTimeProvider(now);
        var graph = new GraphRunner<TradingState>(new GraphDefinition<TradingState>(OperationalGraph.Name, [node], TradingState.Create),
            new InMemoryGraphStore(), new InMemoryEventBus(), clock);
        return (new OperationalRunner(graph, new KrxCalendar(), Microsoft.Extensions.Options.Options.Create(settings.Kis), Microsoft.Extensions.Options.Options.Create(settings.Simulator), clock, NullLogger<OperationalRunner>.Instance), node);
    }

    [Fact]
    public async Task ScheduledRun_OnAKrxHoliday_IsSkippedWithoutRunningTheGraph()
    {
        var (runner, node) = Create(Christmas, "Paper");
        var outcome = await runner.RunAsync("schedule");
        Assert.Equal(OperationalRunner.Skipped, outcome.Status);
        Assert.Contains("2026-12-25", outcome.Summary);
        Assert.Equal(0, node.Runs);
    }

    [Fact]
    public async Task ScheduledRun_OnATradingDay_RunsTheGraph()
    {
        var (runner, node) = Create(Monday, "Paper");
        var outcome = await runner.RunAsync("schedule");
        Assert.Equal("Completed", outcome.Status);
        Assert.NotNull(outcome.RunId);
        Assert.Equal(1, node.Runs);
    }

    [Fact]
    public async Task RunNow_OnAHoliday_StillRuns_AndTheAlwaysOpenSimulatorIgnoresTheCalendar()
    {
        var (manual, manualNode) = Create(Christmas, "Paper");
        Assert.Equal("Completed", (await manual.RunAsync("manual")).Status);
        Assert.Equal(1, manualNode.Runs);

        var (simulator, simulatorNode) = Create(Christmas, "Simulator");
        Assert.Equal("Completed", (await simulator.RunAsync("schedule")).Status);
        Assert.Equal(1, simulatorNode.Runs);
    }
}
