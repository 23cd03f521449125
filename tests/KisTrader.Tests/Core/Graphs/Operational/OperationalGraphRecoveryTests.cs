using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Trades;
using KisTrader.Tests.Core.Graphs.Fakes;
using static KisTrader.Tests.Core.Graphs.Fakes.OperationalHarness;

namespace KisTrader.Tests.Core.Graphs.Operational;

/// <summary>The execute and report nodes across a crash, an order still open at the report and a broker rejection.</summary>
public sealed class OperationalGraphRecoveryTests : OperationalGraphTestBase
{
    [Fact]
    public async Task CrashBetweenSendAndRecord_ResumeDoesNotResend_AndStillRecordsTheTrade()
    {
        // The process dies right after the order went out, before ExecuteOrders completed.
        using var process = new CancellationTokenSource();
        using var h2 = new CrashHarness(_h, new CrashingGateway(_h.Gateway, process));

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => h2.Runner.StartAsync("manual", process.Token));
        var runId = _h.Graphs.Runs.Keys.Single();
        Assert.Equal(RunStatus.Running, _h.Graphs.Runs[runId].Status);
        Assert.Single(_h.Gateway.Submitted);

        var resumed = await h2.Runner.ResumeInterruptedAsync();

        Assert.Equal(RunStatus.Completed, Assert.Single(resumed).Status);
        Assert.Single(_h.Gateway.Submitted);
        var state = _h.StateOf(runId);
        var execution = Assert.Single(state.Executions);
        Assert.Equal(_h.Ledger.Orders.Keys.Single(), execution.OrderId);
        Assert.Contains("recovered", execution.Message);
        Assert.Single(_h.Trades.Trades);
        Assert.Contains("ExecuteOrders:recover", await NodesOf(runId));
    }

    [Fact]
    public async Task RecoverWithNoLedgerOrder_ReportsNotSent_AndSendsNothingLate()
    {
        var node = new ExecuteOrdersNode(_h.Gateway, _h.Ledger, _h.Approvals, _h.Time);
        var state = new TradingState { RunId = "r1", StartedAt = _h.Time.GetUtcNow() };
        state.Checks.Add(new OrderCheck(Buy("005930", 10), RiskVerdict.Approve(10), false, null));

        var next = await node.RecoverAsync(state, new GraphContext("r1", "operational", "manual", state.StartedAt), default);

        Assert.IsType<NodeResult.ContinueResult>(next);
        Assert.Empty(_h.Gateway.Submitted);
        var e = Assert.Single(state.Executions);
        Assert.Null(e.OrderId);
        Assert.Contains("not sent", e.Message);
    }

    [Fact]
    public async Task OrderStillOpenAtReport_IsLeftToTheTradeRecorder_WhichRecordsItWhenFilled()
    {
        _h.Gateway.FillImmediately = false;
        _h.Recorder.Start();

        var result = await _h.Runner.StartAsync("manual");

        Assert.Empty(_h.Trades.Trades);
        var report = _h.StateOf(result.RunId!).Report!;
        Assert.Contains(report.Lines, l => l.Contains("recorded when it fills"));

        var order = _h.Ledger.Orders.Values.Single();
        await _h.Ledger.AddFillAsync(new LedgerFill(order.OrderId, "x1", 10, 69_900m, _h.Time.GetUtcNow(), "notice"));
        _h.Bus.Publish(new OrderUpdated(_h.Ledger.Orders[order.OrderId]));

        var trade = await OperationalGraphTests.Eventually(() => _h.Trades.Trades.Values.SingleOrDefault());
        Assert.Equal(69_900m, trade.Price);
        Assert.Equal("RSI oversold on 005930", trade.JustificationText);
        Assert.Contains("\"rsi14\":28", trade.MarketSnapshot);
    }

    [Fact]
    public async Task BrokerRejection_AtSubmit_IsReported()
    {
        _h.Gateway.AtSubmit = _ => RiskVerdict.Reject(RiskRejectCode.TradingHalted, "trading is halted");
        var result = await _h.Runner.StartAsync("manual");
        var state = _h.StateOf(result.RunId!);
        Assert.Null(Assert.Single(state.Executions).OrderId);
        Assert.Contains(state.Report!.Rejections, r => r.Contains("trading is halted"));
        Assert.Empty(_h.Trades.Trades);
    }

    /// <summary>Sends through the real fake gateway, then the "process dies" (cancellation) before the result is recorded.</summary>
    private sealed class CrashingGateway(FakeOrderGateway inner, CancellationTokenSource process) : IOrderGateway
    {
        public Task<IReadOnlyList<RiskVerdict>> PreviewAsync(IReadOnlyList<PlannedOrder> orders, KisTrader.Core.Market.MarketAnalysis? analysis, CancellationToken ct = default) =>
            inner.PreviewAsync(orders, analysis, ct);

        public async Task<GatewayResult> SubmitAsync(PlannedOrder order, string? runId, KisTrader.Core.Market.MarketAnalysis? analysis, CancellationToken ct = default,
        long? maxQuantity = null, bool approvedByAdmin = false)
        {
            if (process.IsCancellationRequested) throw new InvalidOperationException("must not send after the crash");
            await inner.SubmitAsync(order, runId, analysis, CancellationToken.None);
            process.Cancel();
            ct.ThrowIfCancellationRequested();
            throw new InvalidOperationException("unreachable");
        }

        public Task<int> CancelOpenOrdersAsync(string reason, CancellationToken ct = default) => inner.CancelOpenOrdersAsync(reason, ct);
    }

    /// <summary>The harness's graph with the crashing gateway in its risk and execution nodes.</summary>
    private sealed class CrashHarness : IDisposable
    {
        public GraphRunner<TradingState> Runner { get; }

        public CrashHarness(OperationalHarness h, IOrderGateway gateway)
        {
            var graph = new OperationalGraph(
                new DiagnosePortfolioNode(new FakeAccountReader(Balance()), new EquityRecorder(h.EquityPoints, h.Bus), h.Time),
                new AnalyzeMarketNode(h.Analyzer, h.Options),
                new DecideNode(new FakeSelector(h.Engine), h.Options, h.Time),
                new CheckRiskNode(gateway, h.Approvals, new ApprovalProposals(h.Approvals, h.Audit, h.Bus), h.Options, h.Time),
                new ExecuteOrdersNode(gateway, h.Ledger, h.Approvals, h.Time),
                new RecordAndReportNode(h.Ledger, h.Recorder));
            Runner = new GraphRunner<TradingState>(graph.Definition, h.Graphs, h.Bus, h.Time);
        }

        public void Dispose() { }
    }
}
