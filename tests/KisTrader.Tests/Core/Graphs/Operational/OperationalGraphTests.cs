using System.Text.Json;
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

public sealed class OperationalGraphTests : IDisposable
{
    private readonly OperationalHarness _h = new(ApprovalMode.Off);

    public void Dispose() => _h.Dispose();

    private async Task<IReadOnlyList<string>> NodesOf(string runId) => [.. (await _h.Graphs.StepsAsync(runId)).Select(s => s.Node)];

    [Fact]
    public void Graph_ListsTheSixNodesInOrder()
    {
        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "CheckRisk", "ExecuteOrders", "RecordAndReport"],
            _h.Graph.Definition.Nodes.Select(n => n.Name));
        Assert.IsAssignableFrom<ISendsOrders<TradingState>>(_h.Graph.Definition.Find("ExecuteOrders"));
        Assert.Single(_h.Graph.Definition.Nodes.OfType<ISendsOrders<TradingState>>());
    }

    [Fact]
    public async Task EveryRun_KeepsTheEquityItRead_AsAPointOfTheEquityCurve_AndAnnouncesIt()
    {
        var result = await _h.Runner.StartAsync("manual");

        var portfolio = _h.StateOf(result.RunId!).Portfolio!;
        var point = Assert.Single(_h.EquityPoints.Points);
        Assert.Equal(new EquityObservation(portfolio.TakenAt, portfolio.TotalEquity, result.RunId), point);
        Assert.True(point.Equity > 0);
        Assert.Equal(point, Assert.Single(_h.Bus.OfType<EquityObserved>()).Point);
    }

    [Fact]
    public async Task TheRunsLastUpdate_CarriesItsReport_SoNotificationsNeverReadTheState()
    {
        var result = await _h.Runner.StartAsync("manual");

        var last = _h.Bus.OfType<RunUpdated>().Last(e => e.Run.RunId == result.RunId);
        Assert.Equal(RunStatus.Completed, last.Run.Status);
        var report = Assert.IsType<RunReport>(last.Report);
        Assert.Equal((1, 1, "rules", null), (report.Sent, report.Handled, report.Engine, report.DecisionFailure));
        Assert.Equal(report.Lines, _h.StateOf(result.RunId!).Report!.Lines);
    }

    [Fact]
    public async Task FullRun_ApprovalOff_SendsTheOrder_AndRecordsItsTradeWithJustificationSnapshotAndPortfolio()
    {
        var result = await _h.Runner.StartAsync("manual");

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "CheckRisk", "ExecuteOrders", "RecordAndReport"], await NodesOf(result.RunId!));
        var sent = Assert.Single(_h.Gateway.Submitted);
        Assert.Equal(result.RunId, sent.RunId);
        var order = Assert.Single(_h.Ledger.Orders.Values);
        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal("t-" + order.OrderId, trade.TradeId);
        Assert.Equal(TradeAction.Buy, trade.Action);
        Assert.Equal(10, trade.Quantity);
        Assert.Equal(70_000m, trade.Price);
        Assert.Equal("RSI oversold on 005930", trade.JustificationText);
        using (var snap = JsonDocument.Parse(trade.MarketSnapshot))
        {
            Assert.Equal("005930", snap.RootElement.GetProperty("ticker").GetProperty("ticker").GetString());
            Assert.Equal(0.2m, snap.RootElement.GetProperty("sentimentScore").GetDecimal());
        }
        using (var before = JsonDocument.Parse(trade.PortfolioBefore))
            Assert.Equal(10_000_000m, before.RootElement.GetProperty("cash").GetDecimal());
        var state = _h.StateOf(result.RunId!);
        Assert.Equal([trade.TradeId], state.RecordedTradeIds);
        Assert.Equal(1, state.Report!.TradesRecorded);
        Assert.Equal("t-" + order.OrderId, _h.Ledger.Orders[order.OrderId].TradeId);
        Assert.True((await _h.Graphs.StepsAsync(result.RunId!)).Single(s => s.Node == "ExecuteOrders").SentOrders);
    }

    [Fact]
    public async Task TheTradeRecord_KeepsTheMlProbabilityAndTheModel_TheAnalysisGaveTheTicker()
    {
        _h.Analysis = () =>
        {
            var a = FreshAnalysis(_h.Time.GetUtcNow());
            return a with { Tickers = [a.Tickers[0] with { MlProbability = 0.7123m }], MlSignal = "up5d-1pct", MlModelVersion = "4" };
        };

        await _h.Runner.StartAsync("manual");

        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal((0.7123m, "up5d-1pct v4"), (trade.MlProbability, trade.MlModelVersion));
        using var snap = JsonDocument.Parse(trade.MarketSnapshot);
        Assert.Equal(0.7123m, snap.RootElement.GetProperty("features").GetProperty("ml_prob").GetDecimal());
    }

    [Fact]
    public async Task TheTradeRecord_LeavesOutAnMlValueItsColumnsCannotHold_AndStillRecordsTheTrade()
    {
        _h.Analysis = () =>
        {
            var a = FreshAnalysis(_h.Time.GetUtcNow());
            return a with { Tickers = [a.Tickers[0] with { MlProbability = 12.5m }], MlSignal = new string('s', 90), MlModelVersion = "1" };
        };

        await _h.Runner.StartAsync("manual");

        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal(((decimal?)null, (string?)null), (trade.MlProbability, trade.MlModelVersion));
    }

    [Fact]
    public async Task TheTradeRecord_HasNoMlSignal_WhenNoModelScoredTheAnalysis()
    {
        await _h.Runner.StartAsync("manual");

        var trade = Assert.Single(_h.Trades.Trades.Values);
        Assert.Equal(((decimal?)null, (string?)null), (trade.MlProbability, trade.MlModelVersion));
    }

    [Fact]
    public async Task DiagnoseAndAnalyze_CoverTheWatchlistAndTheHoldings()
    {
        var result = await _h.Runner.StartAsync("manual");
        var state = _h.StateOf(result.RunId!);
        Assert.Equal(10_000_000m, state.Portfolio!.Cash);
        Assert.Equal("035720", Assert.Single(state.Portfolio.Positions).Ticker);
        Assert.Equal(["005930", "000660", "035720"], _h.Analyzer.LastTickers);
        Assert.Equal(["005930", "000660", "035720"], _h.Engine.LastInput!.Universe);
    }

    [Fact]
    public async Task StaleAnalysis_AsksNoEngine_MakesNoOrders_AndSaysSo()
    {
        _h.Analysis = () => FreshAnalysis(_h.Time.GetUtcNow(), stale: true);

        var result = await _h.Runner.StartAsync("manual");

        Assert.Equal(RunStatus.Completed, result.Status);
        Assert.Equal(0, _h.Engine.Calls);
        Assert.Empty(_h.Gateway.Submitted);
        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "RecordAndReport"], await NodesOf(result.RunId!));
        var report = _h.StateOf(result.RunId!).Report!;
        Assert.Contains(report.Lines, l => l.Contains("stale") && l.Contains("no ticks for 90 s"));
    }

    [Fact]
    public async Task RejectedPlan_GoesStraightToTheReport_WithEveryReason()
    {
        _h.Decide = _ => DecisionResult.Rejected(new PlanRejection("llm", ["unknown ticker 999999", "quantity 1e9 is absurd"], "{}"));

        var result = await _h.Runner.StartAsync("manual");

        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "RecordAndReport"], await NodesOf(result.RunId!));
        Assert.Equal(0, _h.Gateway.PreviewCalls);
        var report = _h.StateOf(result.RunId!).Report!;
        Assert.Contains("plan rejected (llm): unknown ticker 999999", report.Rejections);
        Assert.Contains("plan rejected (llm): quantity 1e9 is absurd", report.Rejections);
    }

    [Fact]
    public async Task FailedDecision_EndsTheRunFailed_WithTheReasonAsSummaryAndError_NotAsAQuietHold()
    {
        _h.Decide = _ => DecisionResult.Rejected(new PlanRejection("llm", ["the LLM call failed: connection refused (127.0.0.1:9)"], null));

        var result = await _h.Runner.StartAsync("manual");

        Assert.Equal(RunStatus.Failed, result.Status);
        var run = _h.Graphs.Runs[result.RunId!];
        Assert.Equal("rules: decision failed: the LLM call failed: connection refused (127.0.0.1:9)", run.Summary);
        Assert.Equal(run.Summary, run.Error);
        Assert.Equal(result.Message, run.Error);
        // The report is still complete: the step that failed the run is the report's, not an exception.
        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "RecordAndReport"], await NodesOf(result.RunId!));
        Assert.All(await _h.Graphs.StepsAsync(result.RunId!), s => Assert.Null(s.Error));
        Assert.Equal(run.Summary, _h.StateOf(result.RunId!).Report!.Summary);
    }

    [Fact]
    public async Task EngineOnProbation_FailingAgain_TheFallbackDecides_AndTheRunCompletesWithTheFailureReported()
    {
        _h.Decide = _ => DecisionResult.Rejected(new PlanRejection("llm", ["response was not JSON: 'S' is an invalid start of a value"], "Sure!"));
        var fallback = new FakeEngine("rules", _ => DecisionResult.Accepted(new TradingPlan("rules", [Buy("005930", 2)], "rule oversold_uptrend")));
        _h.Selector.OnFailure = fallback;
        _h.Selector.Notice = DecisionEngineSelector.FailureNotice(3);

        var result = await _h.Runner.StartAsync("manual");

        Assert.Equal(RunStatus.Completed, result.Status);
        var state = _h.StateOf(result.RunId!);
        Assert.Equal("rules", state.Plan!.Engine);
        Assert.Equal(1, fallback.Calls);
        Assert.Equal(DecisionEngineSelector.FailureNotice(3), state.EngineNotice);
        Assert.Contains(state.Report!.Lines, l => l.StartsWith("llm failed (response was not JSON", StringComparison.Ordinal) && l.EndsWith("rules decided instead", StringComparison.Ordinal));
        Assert.Contains("plan rejected (llm): response was not JSON: 'S' is an invalid start of a value", state.Report.Rejections);
        Assert.Single(_h.Gateway.Submitted);
    }

    [Fact]
    public async Task EngineOnProbation_AnsweringAgain_DecidesAndClearsTheNotice()
    {
        var fallback = new FakeEngine("rules", _ => throw new InvalidOperationException("the fallback must not be asked"));
        _h.Selector.OnFailure = fallback;
        _h.Selector.Notice = DecisionEngineSelector.FailureNotice(3);

        var result = await _h.Runner.StartAsync("manual");

        Assert.Equal(RunStatus.Completed, result.Status);
        var state = _h.StateOf(result.RunId!);
        Assert.Null(state.EngineNotice);
        Assert.Equal(0, fallback.Calls);
        Assert.Null(state.Rejection);
    }

    [Fact]
    public async Task NothingPassesRisk_SkipsExecution_AndReportsTheVerdicts()
    {
        _h.Gateway.Preview = _ => RiskVerdict.Reject(RiskRejectCode.TickerWeightExceeded, "005930 would be 31% of equity");

        var result = await _h.Runner.StartAsync("manual");

        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "CheckRisk", "RecordAndReport"], await NodesOf(result.RunId!));
        Assert.Empty(_h.Gateway.Submitted);
        var state = _h.StateOf(result.RunId!);
        Assert.Equal(RiskRejectCode.TickerWeightExceeded, Assert.Single(state.Checks).Verdict.Code);
        Assert.Contains(state.Report!.Rejections, r => r.Contains("TickerWeightExceeded") && r.Contains("31%"));
    }

    [Fact]
    public async Task RiskApprovesFewerShares_OnlyThoseAreSent()
    {
        _h.Gateway.Preview = o => RiskVerdict.Approve(4, "cut to the weight limit");
        await _h.Runner.StartAsync("manual");
        Assert.Equal(4, Assert.Single(_h.Gateway.Submitted).Order.Quantity);
    }

    [Fact]
    public async Task ApprovalRequired_CreatesPendingApprovals_AndParksWithoutSending()
    {
        using var h = new OperationalHarness(ApprovalMode.Required);

        var result = await h.Runner.StartAsync("manual");

        Assert.Equal(RunStatus.AwaitingApproval, result.Status);
        Assert.Empty(h.Gateway.Submitted);
        Assert.DoesNotContain("ExecuteOrders", await h.Graphs.StepsAsync(result.RunId!) is var s ? s.Select(x => x.Node) : []);
        var approval = Assert.Single(h.Approvals.Items.Values);
        Assert.Equal(ApprovalStatus.Pending, approval.Status);
        Assert.Equal(result.RunId, approval.RunId);
        Assert.Equal(h.Time.GetUtcNow() + TimeSpan.FromMinutes(10), approval.ExpiresAt);
        // Parked at the risk check: a decision resumes it there.
        Assert.Equal(OperationalGraph.CheckRisk, h.Graphs.Runs[result.RunId!].NextNode);
        Assert.Contains(h.Bus.OfType<ApprovalsChanged>(), e => e.ApprovalId == approval.ApprovalId);
        Assert.Equal(approval.ApprovalId, Assert.Single(h.StateOf(result.RunId!).Checks).ApprovalId);
    }

    [Fact]
    public async Task VerdictRequiringApproval_ParksEvenWhenApprovalIsOff()
    {
        _h.Gateway.Preview = o => RiskVerdict.Approve(o.Quantity, "strategy rule asks for a person", requiresApproval: true);
        var result = await _h.Runner.StartAsync("manual");
        Assert.Equal(RunStatus.AwaitingApproval, result.Status);
        Assert.Single(_h.Approvals.Items);
    }

    [Fact]
    public async Task AboveValue_SendsSmallOrders_AndParksForTheLargeOne()
    {
        using var h = new OperationalHarness(ApprovalMode.AboveValue, threshold: 1_000_000m);
        h.Decide = _ => DecisionResult.Accepted(new TradingPlan("rules", [Buy("005930", 10), Buy("000660", 20, 60_000m)], "two buys"));

        var result = await h.Runner.StartAsync("manual");

        // 10 × 70,000 = 700,000 is below the threshold; 20 × 60,000 = 1,200,000 is not.
        Assert.Equal(RunStatus.AwaitingApproval, result.Status);
        Assert.Equal("005930", Assert.Single(h.Gateway.Submitted).Order.Ticker);
        var approval = Assert.Single(h.Approvals.Items.Values);
        Assert.Equal("000660", approval.Order.Ticker);
        Assert.Equal(OperationalGraph.CheckRisk, h.Graphs.Runs[result.RunId!].NextNode);
    }

    [Fact]
    public async Task AboveValue_ApprovingTheLargeOrder_SendsOnlyIt_TheSmallOneIsNeverSentAgain()
    {
        using var h = new OperationalHarness(ApprovalMode.AboveValue, threshold: 1_000_000m);
        h.Decide = _ => DecisionResult.Accepted(new TradingPlan("rules", [Buy("005930", 10), Buy("000660", 20, 60_000m)], "two buys"));
        var result = await h.Runner.StartAsync("manual");
        var approval = Assert.Single(h.Approvals.Items.Values);

        await h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok");

        Assert.Equal(["005930", "000660"], h.Gateway.Submitted.Select(s => s.Order.Ticker));
        Assert.Equal([false, true], h.Gateway.SubmitCalls.Select(c => c.ApprovedByAdmin));
        Assert.Equal(RunStatus.Completed, h.Graphs.Runs[result.RunId!].Status);
        var report = h.StateOf(result.RunId!).Report!;
        Assert.Equal((2, 2, 0), (report.Sent, report.Filled, report.AwaitingApproval));
        Assert.Equal(2, report.TradesRecorded);
    }

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

        var trade = await Eventually(() => _h.Trades.Trades.Values.SingleOrDefault());
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

    internal static async Task<T> Eventually<T>(Func<T?> probe) where T : class
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < until)
        {
            if (probe() is { } v) return v;
            await Task.Delay(20);
        }
        throw new TimeoutException("condition not met within 10 s");
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
