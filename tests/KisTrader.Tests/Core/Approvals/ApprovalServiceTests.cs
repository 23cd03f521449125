using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Approvals;

/// <summary>Approvals are data: a decision is recorded, and the run that proposed the order resumes at its risk check,
/// which judges an approved order again on fresh prices; the execute node is the only sender.</summary>
public sealed class ApprovalServiceTests : IDisposable
{
    private readonly OperationalHarness _h = new(ApprovalMode.Required);

    public void Dispose() => _h.Dispose();

    private async Task<(string RunId, PendingApproval Approval)> ParkedRunAsync()
    {
        var result = await _h.Runner.StartAsync("manual");
        Assert.Equal(RunStatus.AwaitingApproval, result.Status);
        return (result.RunId!, _h.Approvals.Items.Values.Single(a => a.RunId == result.RunId));
    }

    private async Task<string[]> StepsOf(string runId) => [.. (await _h.Graphs.StepsAsync(runId)).OrderBy(s => s.Sequence).Select(s => s.Node)];

    [Fact]
    public async Task Approve_RecordsWhoWhenWhy_ResumesTheRunAtCheckRisk_WhichJudgesOnFreshPrices_AndExecuteOrdersSendsOnce()
    {
        var (runId, approval) = await ParkedRunAsync();
        Assert.Equal("CheckRisk", _h.Graphs.Runs[runId].NextNode);
        Assert.Empty(_h.Gateway.SubmitCalls);
        _h.Time.Advance(TimeSpan.FromMinutes(2));

        var outcome = await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin@kt", "looks right");

        Assert.Equal(ApprovalOutcomeKind.Sent, outcome.Kind);
        // The run's own analysis went to the first check only; the check on resuming and the send read fresh quotes.
        Assert.Equal(2, _h.Gateway.PreviewCalls);
        Assert.NotNull(_h.Gateway.PreviewAnalyses[0]);
        Assert.Null(_h.Gateway.PreviewAnalyses[1]);
        var call = Assert.Single(_h.Gateway.SubmitCalls);
        Assert.Null(call.Analysis);
        Assert.True(call.ApprovedByAdmin);
        var sent = Assert.Single(_h.Gateway.Submitted);
        Assert.Equal(runId, sent.RunId);
        var stored = _h.Approvals.Items[approval.ApprovalId];
        Assert.Equal(ApprovalStatus.Approved, stored.Status);
        Assert.Equal("admin@kt", stored.DecidedBy);
        Assert.Equal(_h.Time.GetUtcNow(), stored.DecidedAt);
        Assert.Equal("looks right", stored.DecisionReason);
        Assert.Equal(_h.Ledger.Orders.Keys.Single(), stored.OrderId);
        Assert.Equal(stored.OrderId, outcome.OrderId);
        var audit = Assert.Single(_h.Audit.Entries);
        Assert.Equal(("admin@kt", "approval.approve", approval.ApprovalId), (audit.Actor, audit.Action, audit.Target));
        Assert.Contains("looks right", audit.Details);

        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        Assert.Equal(["DiagnosePortfolio", "AnalyzeMarket", "Decide", "CheckRisk", "CheckRisk", "ExecuteOrders", "RecordAndReport"], await StepsOf(runId));
        var state = _h.StateOf(runId);
        Assert.Equal(approval.ApprovalId, Assert.Single(state.Executions).ApprovalId);
        Assert.Equal(ApprovalStatus.Approved, Assert.Single(state.Checks).Decision);
        Assert.Single(state.RecordedTradeIds);
        Assert.Single(_h.Trades.Trades);
        Assert.Contains(_h.Bus.OfType<ApprovalsChanged>(), e => e.ApprovalId == approval.ApprovalId);
    }

    [Fact]
    public async Task Approve_TheFreshCheckOnResuming_MayReduceTheQuantity_ButNeverRaisesItAboveWhatWasApproved()
    {
        _h.Gateway.Preview = o => RiskVerdict.Approve(Math.Min(o.Quantity, 6));
        var (_, approval) = await ParkedRunAsync();
        Assert.Equal(6, approval.Verdict.ApprovedQuantity);

        _h.Gateway.Preview = o => RiskVerdict.Approve(Math.Min(o.Quantity, 4));
        await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok");
        Assert.Equal(4, Assert.Single(_h.Gateway.Submitted).Order.Quantity);
    }

    [Fact]
    public async Task Approve_WhenPricesMovedSoTheFreshRiskCheckRefuses_NothingIsSent_AndTheReasonIsReported()
    {
        var (runId, approval) = await ParkedRunAsync();
        _h.Gateway.Preview = _ => RiskVerdict.Reject(RiskRejectCode.OutsideDailyLimits, "price moved beyond the daily limit");

        var outcome = await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok");

        Assert.Equal(ApprovalOutcomeKind.NotSent, outcome.Kind);
        Assert.Contains("daily limit", outcome.Message);
        Assert.Empty(_h.Gateway.SubmitCalls);
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        var report = _h.StateOf(runId).Report!;
        Assert.Single(report.Rejections, r => r.Contains("daily limit"));
        // The run recorded why on the approval: the outcome is read from there, not from the run's state.
        var stored = _h.Approvals.Items[approval.ApprovalId];
        Assert.Equal(ApprovalStatus.Approved, stored.Status);
        Assert.Contains("daily limit", stored.NotSentReason);
        Assert.Null(stored.OrderId);
    }

    [Fact]
    public async Task Approve_WhenTheGatewayRefusesAtSend_NothingIsPlaced_AndTheReasonIsReported()
    {
        var (runId, approval) = await ParkedRunAsync();
        _h.Gateway.AtSubmit = _ => RiskVerdict.Reject(RiskRejectCode.TradingHalted, "trading is halted");

        var outcome = await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok");

        Assert.Equal(ApprovalOutcomeKind.NotSent, outcome.Kind);
        Assert.Contains("halted", outcome.Message);
        Assert.Contains("halted", _h.Approvals.Items[approval.ApprovalId].NotSentReason);
        Assert.Empty(_h.Gateway.Submitted);
        Assert.Contains(_h.StateOf(runId).Report!.Rejections, r => r.Contains("halted"));
    }

    [Fact]
    public async Task ApproveTwice_SecondIsNotPending_AndOnlyOneOrderIsSent()
    {
        var (_, approval) = await ParkedRunAsync();

        var results = await Task.WhenAll(
            _h.ApprovalService.ApproveAsync(approval.ApprovalId, "alice", "ok"),
            _h.ApprovalService.ApproveAsync(approval.ApprovalId, "bob", "ok"));

        Assert.Single(results, r => r.Kind == ApprovalOutcomeKind.Sent);
        Assert.Single(results, r => r.Kind == ApprovalOutcomeKind.NotPending);
        Assert.Single(_h.Gateway.Submitted);
    }

    [Fact]
    public async Task ApproveAfterExpiry_ExpiresIt_AndSendsNothing()
    {
        var (runId, approval) = await ParkedRunAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(10));

        var outcome = await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "late");

        Assert.Equal(ApprovalOutcomeKind.Expired, outcome.Kind);
        Assert.Empty(_h.Gateway.Submitted);
        Assert.Equal(ApprovalStatus.Expired, _h.Approvals.Items[approval.ApprovalId].Status);
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        Assert.Contains(_h.StateOf(runId).Report!.Rejections, r => r.Contains("approval expired"));
    }

    [Fact]
    public async Task Reject_SendsNothing_RecordsWhoAndWhy_AndCompletesTheRunWithTheReason()
    {
        var (runId, approval) = await ParkedRunAsync();

        var outcome = await _h.ApprovalService.RejectAsync(approval.ApprovalId, "admin", "too risky before earnings");

        Assert.Equal(ApprovalOutcomeKind.Rejected, outcome.Kind);
        Assert.Empty(_h.Gateway.Submitted);
        var stored = _h.Approvals.Items[approval.ApprovalId];
        Assert.Equal((ApprovalStatus.Rejected, "admin", "too risky before earnings"), (stored.Status, stored.DecidedBy, stored.DecisionReason));
        Assert.Equal("approval.reject", Assert.Single(_h.Audit.Entries).Action);
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        Assert.Contains(_h.StateOf(runId).Report!.Rejections, r => r.Contains("too risky before earnings"));
        Assert.Equal(ApprovalOutcomeKind.NotPending, (await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "changed my mind")).Kind);
    }

    [Fact]
    public async Task ExpireDue_ExpiresOnlyApprovalsPastTheirTime()
    {
        var tickers = new Queue<string>(["005930", "000660"]);
        _h.Decide = _ => DecisionResult.Accepted(new("rules", [OperationalHarness.Buy(tickers.Dequeue(), 1)], "one"));
        var (firstRun, first) = await ParkedRunAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(6));
        var second = await _h.Runner.StartAsync("manual");
        var later = _h.Approvals.Items.Values.Single(a => a.RunId == second.RunId);
        _h.Time.Advance(TimeSpan.FromMinutes(5));

        var expired = await _h.ApprovalService.ExpireDueAsync(_h.Time.GetUtcNow());

        Assert.Equal(1, expired);
        Assert.Equal(ApprovalStatus.Expired, _h.Approvals.Items[first.ApprovalId].Status);
        Assert.Equal(ApprovalStatus.Pending, _h.Approvals.Items[later.ApprovalId].Status);
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[firstRun].Status);
        Assert.Equal(RunStatus.AwaitingApproval, _h.Graphs.Runs[second.RunId!].Status);
        Assert.Equal(0, await _h.ApprovalService.ExpireDueAsync(_h.Time.GetUtcNow()));
    }

    [Fact]
    public async Task RunWithTwoApprovals_AnApprovedOrderIsSentAtOnce_AndTheRunWaitsHereForTheOtherDecision()
    {
        _h.Decide = _ => DecisionResult.Accepted(new("rules",
            [OperationalHarness.Buy("005930", 1), OperationalHarness.Buy("000660", 2, 60_000m)], "two"));
        var result = await _h.Runner.StartAsync("manual");
        var approvals = _h.Approvals.Items.Values.OrderBy(a => a.Order.Ticker).ToList();

        Assert.Equal(ApprovalOutcomeKind.Sent, (await _h.ApprovalService.ApproveAsync(approvals[0].ApprovalId, "admin", "ok")).Kind);
        var sent = Assert.Single(_h.Gateway.Submitted);
        Assert.Equal("000660", sent.Order.Ticker);
        Assert.Equal(RunStatus.AwaitingApproval, _h.Graphs.Runs[result.RunId!].Status);
        Assert.Equal("CheckRisk", _h.Graphs.Runs[result.RunId!].NextNode);

        await _h.ApprovalService.RejectAsync(approvals[1].ApprovalId, "admin", "no");
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[result.RunId!].Status);
        Assert.Single(_h.Gateway.Submitted);
        var state = _h.StateOf(result.RunId!);
        Assert.Equal(2, state.Executions.Count);
        Assert.Equal((1, 0), (state.Report!.Sent, state.Report.AwaitingApproval));
    }

    [Fact]
    public async Task ApprovingAnOrderWhoseRunFailedMeanwhile_SendsNothing_AndSaysTheRunEnded()
    {
        using var h = new OperationalHarness(ApprovalMode.AboveValue, threshold: 1_000_000m);
        h.Decide = _ => DecisionResult.Accepted(new TradingPlan("rules", [OperationalHarness.Buy("005930", 10), OperationalHarness.Buy("000660", 20, 60_000m)], "two"));
        h.Gateway.AtSubmit = _ => throw new InvalidOperationException("the broker connection broke");
        var result = await h.Runner.StartAsync("manual");
        Assert.Equal(RunStatus.Failed, result.Status);
        var approval = Assert.Single(h.Approvals.Items.Values);
        h.Gateway.AtSubmit = o => RiskVerdict.Approve(o.Quantity);

        var outcome = await h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok");

        Assert.Equal(ApprovalOutcomeKind.NotSent, outcome.Kind);
        Assert.Contains("has ended (Failed)", outcome.Message);
        Assert.Empty(h.Gateway.Submitted);
    }

    [Fact]
    public async Task UnknownApproval_IsNotFound()
    {
        Assert.Equal(ApprovalOutcomeKind.NotFound, (await _h.ApprovalService.ApproveAsync("nope", "admin", "x")).Kind);
    }

    [Fact]
    public async Task Halt_RejectsEveryPendingApproval_AndCompletesTheirRuns()
    {
        var (runId, approval) = await ParkedRunAsync();
        using var follow = _h.ApprovalService.FollowTradingMode();

        _h.Bus.Publish(new TradingModeChanged(new TradingModeState(TradingMode.Halted, "market crash", "admin", _h.Time.GetUtcNow())));

        await KisTrader.Tests.Core.Graphs.Operational.OperationalGraphTests.Eventually(() =>
            _h.Graphs.Runs[runId].Status == RunStatus.Completed ? "done" : null);
        var stored = _h.Approvals.Items[approval.ApprovalId];
        Assert.Equal(ApprovalStatus.Rejected, stored.Status);
        Assert.Contains("market crash", stored.DecisionReason);
        Assert.Empty(_h.Gateway.Submitted);
    }

    [Fact]
    public async Task ResumeDecidedRuns_ResumesARunWhoseApprovalsWereDecidedElsewhere()
    {
        var (runId, approval) = await ParkedRunAsync();
        await _h.Approvals.DecideAsync(approval.ApprovalId, ApprovalStatus.Rejected, "kill-switch", _h.Time.GetUtcNow(), "halted");

        Assert.Equal(1, await _h.ApprovalService.ResumeDecidedRunsAsync());

        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        Assert.Contains(_h.StateOf(runId).Report!.Rejections, r => r.Contains("Rejected by kill-switch: halted"));
        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());
    }

    [Fact]
    public async Task ResumeDecidedRuns_WhileAnApprovedOrderIsBeingSent_LeavesTheRunToItsRunner_AndNothingIsSentTwice()
    {
        // The maintenance loop ticks while an approved order is on its way: the run is Running, not parked, so it is
        // left alone; the decision carries nothing of its own that could be lost or repeated.
        var (runId, approval) = await ParkedRunAsync();
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Gateway.WhileSending = async () => { sending.TrySetResult(); await release.Task; };

        var approve = _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "fits the plan");
        await sending.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(RunStatus.Running, _h.Graphs.Runs[runId].Status);

        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());

        release.SetResult();
        Assert.Equal(ApprovalOutcomeKind.Sent, (await approve).Kind);
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        var report = _h.StateOf(runId).Report!;
        Assert.Equal((1, 1), (report.Sent, report.Filled));
        Assert.Empty(report.Rejections);
        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());
        Assert.Single(_h.Gateway.Submitted);
    }

    [Fact]
    public async Task AStopAfterTheApprovalWasRecorded_BeforeTheRunResumed_SendsItOnceAtTheNextStart()
    {
        var (runId, approval) = await ParkedRunAsync();
        // As if the app stopped right after the store write: the run never heard of the decision.
        await _h.Approvals.DecideAsync(approval.ApprovalId, ApprovalStatus.Approved, "admin", _h.Time.GetUtcNow(), "fits the plan");

        Assert.Equal(1, await _h.ApprovalService.ResumeDecidedRunsAsync());
        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());
        Assert.Empty(await _h.Runner.ResumeInterruptedAsync());

        Assert.Single(_h.Gateway.Submitted);
        var report = _h.StateOf(runId).Report!;
        Assert.Equal((1, 1), (report.Sent, report.Filled));
        Assert.Equal(_h.Ledger.Orders.Keys.Single(), _h.Approvals.Items[approval.ApprovalId].OrderId);
    }

    [Fact]
    public async Task AStopWhileTheApprovedOrderWasBeingSent_IsRecoveredFromTheLedger_NeverSentTwice()
    {
        var (runId, approval) = await ParkedRunAsync();
        using var stop = new CancellationTokenSource();
        // The intent is in the ledger and the broker took it; the process stops before the run's checkpoint.
        _h.Gateway.WhileSending = () => { stop.Cancel(); stop.Token.ThrowIfCancellationRequested(); return Task.CompletedTask; };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok", stop.Token));
        Assert.Equal(RunStatus.Running, _h.Graphs.Runs[runId].Status);
        _h.Gateway.WhileSending = null;

        // The next start: parked runs first (this one is not parked), then interrupted runs, then the maintenance loop.
        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());
        var resumed = Assert.Single(await _h.Runner.ResumeInterruptedAsync());
        Assert.Equal(RunStatus.Completed, resumed.Status);
        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());

        Assert.Single(_h.Gateway.Submitted);
        var state = _h.StateOf(runId);
        var execution = Assert.Single(state.Executions);
        Assert.Equal(_h.Ledger.Orders.Keys.Single(), execution.OrderId);
        Assert.Equal(approval.ApprovalId, execution.ApprovalId);
        Assert.Equal(1, state.Report!.Sent);
        Assert.Equal(["CheckRisk", "CheckRisk", "ExecuteOrders", "ExecuteOrders:recover", "RecordAndReport"], (await StepsOf(runId))[3..]);
    }

    [Fact]
    public async Task AStopBeforeTheApprovedOrderReachedTheLedger_IsReportedAsNotSent_AndNeverSentLate()
    {
        var (runId, approval) = await ParkedRunAsync();
        using var stop = new CancellationTokenSource();
        _h.Gateway.BeforeIntent = () => { stop.Cancel(); stop.Token.ThrowIfCancellationRequested(); return Task.CompletedTask; };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok", stop.Token));
        _h.Gateway.BeforeIntent = null;

        Assert.Single(await _h.Runner.ResumeInterruptedAsync());

        Assert.Empty(_h.Gateway.Submitted);
        Assert.Empty(_h.Ledger.Orders);
        var report = _h.StateOf(runId).Report!;
        Assert.Equal(0, report.Sent);
        Assert.Contains(report.Rejections, r => r.Contains("not sent late"));
        Assert.Contains("not sent late", _h.Approvals.Items[approval.ApprovalId].NotSentReason);
    }

    [Fact]
    public async Task AStopWhileTheRiskCheckJudgedTheApprovedOrderAgain_ResumesThereAndSendsOnce()
    {
        var (runId, approval) = await ParkedRunAsync();
        using var stop = new CancellationTokenSource();
        _h.Gateway.Preview = o => { stop.Cancel(); stop.Token.ThrowIfCancellationRequested(); return RiskVerdict.Approve(o.Quantity); };

        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok", stop.Token));
        Assert.Equal((RunStatus.Running, "CheckRisk"), (_h.Graphs.Runs[runId].Status, _h.Graphs.Runs[runId].NextNode));
        _h.Gateway.Preview = o => RiskVerdict.Approve(o.Quantity);

        Assert.Single(await _h.Runner.ResumeInterruptedAsync());

        Assert.Single(_h.Gateway.Submitted);
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        Assert.Equal(1, _h.StateOf(runId).Report!.Sent);
    }

    [Fact]
    public async Task CheckRiskRunAgainAfterACrash_SupersedesTheApprovalsItHadCreated()
    {
        var (runId, first) = await ParkedRunAsync();
        var node = _h.Graph.Definition.Find("CheckRisk")!;
        var state = _h.StateOf(runId);
        state.Checks = [];

        await node.RunAsync(state, new GraphContext(runId, "operational", "manual", state.StartedAt), default);

        Assert.Equal(ApprovalStatus.Superseded, _h.Approvals.Items[first.ApprovalId].Status);
        Assert.Contains("run again after an interruption", _h.Approvals.Items[first.ApprovalId].DecisionReason);
        Assert.Single(_h.Approvals.Items.Values, a => a.Status == ApprovalStatus.Pending);
    }
}
