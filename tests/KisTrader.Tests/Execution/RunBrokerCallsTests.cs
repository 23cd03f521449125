using KisTrader.Core.InMemory;
using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Orders;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Simulator;
using KisTrader.Tests.Core.Graphs.Fakes;
using KisTrader.Tests.Data;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Loopback.Support;
using Xunit.Abstractions;
using ApprovalStore = KisTrader.Core.InMemory.InMemoryApprovalStore;

namespace KisTrader.Tests.Execution;

/// <summary>Issue 15, "fewer broker calls": an operational run (the real nodes, gateway, pricer, risk context and KIS
/// client over HTTP against the paper simulator, with its rate limit at 2 requests a second) makes at most 3 REST calls
/// plus 1 per order sent: one balance read, prices from the realtime feed, and the sends.</summary>
public sealed class RunBrokerCallsTests(ITestOutputHelper output)
{
    private static readonly string[] Codes = [LoopbackUniverse.Liquid(5), LoopbackUniverse.Liquid(6)];

    [Fact]
    public async Task RunWithTwoOrders_MakesAtMostThreeRestCallsPlusOnePerOrderSent_WithoutAThrottlingError()
    {
        await using var sim = await LoopbackSimulator.StartAsync(SimulatorMode.Paper, s => s.RateLimitPerSecond = 2);
        await using var c = LoopbackClient.Create(sim, requestsPerSecond: 2);
        using (var ticks = new BusProbe<TickReceived>(c.Bus))
        {
            var session = await c.StartRealtimeAsync();
            await session.SubscribeTradesAsync(Codes);
            await ticks.WaitAsync(r => Codes.All(code => r.Any(t => t.Tick.Ticker == code && t.Tick.BestAsk > 0)), "a first tick of each ticker");
        }

        var factory = new TestContextFactory(DatabaseProvider.Sqlite, GatewayHarness.NewDatabase());
        await new DatabaseInitializer(factory).InitializeAsync();
        var ledger = new EfOrderLedger(factory, c.Clock);
        var recorder = new LedgerRecorder(ledger, c.Bus, c.Clock);
        var feed = () => c.Session?.State ?? FeedState.Disconnected;
        var balances = new AccountSnapshots(c.Client.Account, c.Clock, TimeSpan.FromMinutes(2));
        var quotes = new RiskQuotes(c.Ticks, c.Client.MarketData, feed, c.Clock, TimeSpan.FromSeconds(10));
        var contexts = new RiskContextBuilder(c.Client.Account, c.Client.MarketData, ledger, new EfTradingModeStore(factory, c.Clock), NoStrategyRules.Instance,
            new StaticTradingUniverse(Codes), new EfEquityMarks(factory, c.Clock), c.Clock) { Balances = balances, Quotes = quotes };
        var gateway = new OrderGateway(new RiskEngine(new RiskLimits { MaxTickerWeightPercent = 100m, MinCashReservePercent = 0m }), contexts, recorder,
            c.Client.Orders, c.Client.Account, c.Clock)
        {
            Pricer = new MarketablePricer(c.Ticks, new OrderBookCache(), c.Client.MarketData, feed, c.Clock, new SlippageBound(), TimeSpan.FromSeconds(10)),
        };
        var options = new OperationalGraphOptions { Watchlist = Codes, ApprovalMode = ApprovalMode.Off };
        var approvals = new ApprovalStore();
        var graphs = new InMemoryGraphStore();
        using var trades = new TradeRecorder(new InMemoryTradeStore(), ledger, c.Bus);
        // Two limit buys with room above the ask (the simulator's market moves while the run works): the gateway sends
        // them at the ask of the moment. Whether they are sent is not this test's point, how many calls the run makes is.
        var engine = new FakeEngine("fixed", _ => DecisionResult.Accepted(new TradingPlan("fixed",
            [.. Codes.Select(code => new PlannedOrder(code, Side.Buy, 1, OrderPriceType.Limit, RoomAboveTheAsk(c.Ticks, code), "two buys", 0.7m))], "two buys")));
        var graph = new OperationalGraph(
            new DiagnosePortfolioNode(c.Client.Account, new EquityRecorder(new InMemoryEquityPoints(), new InMemoryEventBus()), c.Clock) { Balances = balances },
            new AnalyzeMarketNode(new MarketAnalyzer(c.Ticks, c.Client.MarketData, feed, c.Clock), options),
            new DecideNode(new FakeSelector(engine), options, c.Clock),
            new CheckRiskNode(gateway, approvals, new ApprovalProposals(approvals, new EfAuditLog(factory), c.Bus), options, c.Clock),
            new ExecuteOrdersNode(gateway, ledger, approvals, c.Clock),
            new RecordAndReportNode(ledger, trades));
        var runner = new GraphRunner<TradingState>(graph.Definition, graphs, c.Bus, c.Clock);

        // The first run of a day also fetches each ticker's daily history once (the analysis caches it for the day).
        var (first, _) = await CountAsync(c, () => runner.StartAsync("warm-up"));
        var (measured, result) = await CountAsync(c, () => runner.StartAsync("measured"));

        var state = GraphJson.Deserialize<TradingState>(graphs.Runs[result.RunId!].StateJson);
        var sent = state.Executions.Count(e => e.Status == SubmissionStatus.Accepted);
        output.WriteLine($"first run: {first.Calls} REST calls; measured run: {measured.Calls} REST calls, {sent} orders sent, " +
                         $"{measured.Waited} waited for the client's limiter, {measured.Failed} failed");
        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.True(sent == 2, string.Join("; ", state.Executions.Select(e => $"{e.Order.Ticker}: {e.Status} {e.Message} {e.Verdict?.Reason}")));
        Assert.InRange(measured.Calls, 1, 3 + sent);
        Assert.Equal(0, measured.Failed);
        Assert.Equal(0, first.Failed);
    }

    private static decimal RoomAboveTheAsk(TickCache ticks, string code) =>
        ticks.TryGet(code, out var t) ? KrxRules.FloorToTick(t.BestAsk * 1.02m) : throw new InvalidOperationException($"no tick of {code}");

    private sealed record Counted(long Calls, long Waited, long Failed);

    private static async Task<(Counted, GraphRunResult)> CountAsync(LoopbackClient c, Func<Task<GraphRunResult>> run)
    {
        var (calls, waited, failed) = (c.Status.RequestsTotal, c.Status.ThrottledRequests, c.Status.FailedRequests);
        var result = await run();
        return (new Counted(c.Status.RequestsTotal - calls, c.Status.ThrottledRequests - waited, c.Status.FailedRequests - failed), result);
    }
}
