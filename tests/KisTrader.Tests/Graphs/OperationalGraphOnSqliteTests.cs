using KisTrader.Core.Approvals;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Core.Graphs.Fakes;
using KisTrader.Tests.Data;

namespace KisTrader.Tests.Graphs;

/// <summary>The operational graph with the real EF stores (runs, steps, approvals, trades, audit) on SQLite:
/// the state survives the database between park and resume, and after a crash.</summary>
public sealed class OperationalGraphOnSqliteTests : IAsyncLifetime
{
    private readonly OperationalHarness _fakes = new(ApprovalMode.Required);
    private TestContextFactory _factory = default!;
    private IGraphStore _graphs = default!;
    private IApprovalStore _approvals = default!;
    private ITradeStore _trades = default!;
    private GraphRunner<TradingState> _runner = default!;
    private ApprovalService _service = default!;

    public async Task InitializeAsync()
    {
        var dir = Path.Combine(Path.GetTempPath(), "kistrader-graph-" + Guid.NewGuid().ToString("N")[..10]);
        Directory.CreateDirectory(dir);
        _factory = new TestContextFactory(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(dir, "kistrader.db")}");
        await new DatabaseInitializer(_factory).InitializeAsync();
        _graphs = new EfGraphStore(_factory);
        _approvals = new EfApprovalStore(_factory);
        _trades = new EfTradeStore(_factory);
        Build();
    }

    /// <summary>A fresh graph, runner and service over the same database (as after a restart).</summary>
    private void Build()
    {
        var h = _fakes;
        var recorder = new TradeRecorder(_trades, h.Ledger, h.Bus);
        var graph = new OperationalGraph(
            new DiagnosePortfolioNode(new FakeAccountReader(OperationalHarness.Balance()), new EquityRecorder(h.EquityPoints, h.Bus), h.Time),
            new AnalyzeMarketNode(h.Analyzer, h.Options),
            new DecideNode(new FakeSelector(h.Engine), h.Options, h.Time),
            new CheckRiskNode(h.Gateway, _approvals, new ApprovalProposals(_approvals, new EfAuditLog(_factory), h.Bus), h.Options, h.Time),
            new ExecuteOrdersNode(h.Gateway, h.Ledger, _approvals, h.Time),
            new RecordAndReportNode(h.Ledger, recorder));
        _runner = new GraphRunner<TradingState>(graph.Definition, _graphs, h.Bus, h.Time);
        _service = new ApprovalService(_approvals, _runner, _graphs, h.Ledger, new EfAuditLog(_factory), h.Bus, h.Time);
    }

    public Task DisposeAsync()
    {
        _fakes.Dispose();
        return Task.CompletedTask;
    }

    [Fact]
    public async Task ParkedRun_ApprovedAfterARestart_SendsOnce_AndRecordsTheTradeInTheDatabase()
    {
        var parked = await _runner.StartAsync("schedule");
        Assert.Equal(RunStatus.AwaitingApproval, parked.Status);
        var pending = Assert.Single(await _approvals.ListAsync(ApprovalStatus.Pending));

        Build();
        var outcome = await _service.ApproveAsync(pending.ApprovalId, "admin", "ok");

        Assert.Equal(ApprovalOutcomeKind.Sent, outcome.Kind);
        Assert.Single(_fakes.Gateway.Submitted);
        var run = await _graphs.GetRunAsync(parked.RunId!);
        Assert.Equal(RunStatus.Completed, run!.Status);
        var state = GraphJson.Deserialize<TradingState>(run.StateJson);
        var tradeId = Assert.Single(state.RecordedTradeIds);
        var trade = await _trades.FindAsync(tradeId);
        Assert.Equal("RSI oversold on 005930", trade!.JustificationText);
        Assert.Contains("\"rsi14\":28", trade.MarketSnapshot);
        Assert.Contains("\"cashWeightPercent\"", trade.PortfolioBefore);
        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "CheckRisk", "CheckRisk", "ExecuteOrders", "RecordAndReport"],
            (await _graphs.StepsAsync(parked.RunId!)).Select(s => s.Node));
        Assert.Contains((await new EfAuditLog(_factory).RecentAsync(10)), e => e.Action == "approval.approve" && e.Actor == "admin");
    }

    [Fact]
    public async Task AStopBetweenApproveAndTheBrokersAnswer_AfterARestart_TheOrderIsRecoveredOnce_NeverSentTwice()
    {
        var parked = await _runner.StartAsync("schedule");
        var pending = Assert.Single(await _approvals.ListAsync(ApprovalStatus.Pending));
        using var stop = new CancellationTokenSource();
        // The intent is written and the order placed; the process stops before the run records it.
        _fakes.Gateway.WhileSending = () => { stop.Cancel(); stop.Token.ThrowIfCancellationRequested(); return Task.CompletedTask; };
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _service.ApproveAsync(pending.ApprovalId, "admin", "ok", stop.Token));
        _fakes.Gateway.WhileSending = null;

        Build();
        Assert.Equal(0, await _service.ResumeDecidedRunsAsync());
        var resumed = Assert.Single(await _runner.ResumeInterruptedAsync());
        Assert.Equal(0, await _service.ResumeDecidedRunsAsync());

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Single(_fakes.Gateway.Submitted);
        var state = GraphJson.Deserialize<TradingState>((await _graphs.GetRunAsync(parked.RunId!))!.StateJson);
        Assert.Equal(_fakes.Ledger.Orders.Keys.Single(), Assert.Single(state.Executions).OrderId);
        Assert.Equal(1, state.Report!.Sent);
        Assert.Equal(_fakes.Ledger.Orders.Keys.Single(), (await _approvals.GetAsync(pending.ApprovalId))!.OrderId);
        Assert.Contains("ExecuteOrders:recover", (await _graphs.StepsAsync(parked.RunId!)).Select(s => s.Node));
    }

    [Fact]
    public async Task InterruptedRun_IsResumedFromItsStoredCheckpoint_AfterARestart()
    {
        var parked = await _runner.StartAsync("schedule");
        // As if the process died while RecordAndReport was running: the run is still Running with that node next.
        var run = (await _graphs.GetRunAsync(parked.RunId!))! with { Status = RunStatus.Running, NextNode = "RecordAndReport" };
        await _graphs.UpdateRunAsync(run);

        Build();
        var resumed = Assert.Single(await _runner.ResumeInterruptedAsync());

        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Empty(_fakes.Gateway.Submitted);
        Assert.Equal("RecordAndReport", (await _graphs.StepsAsync(parked.RunId!)).Last().Node);
    }
}
