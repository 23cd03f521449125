using KisTrader.Core.Approvals;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Risk;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Approvals;

public sealed class ApprovalServiceTests : IDisposable
{
    private readonly OperationalHarness _h = new(ApprovalMode.Required);

    public void Dispose() => _h.Dispose();

    private async Task<(string RunId, PendingApproval Approval)> ParkedRunAsync()
    {
        var result = await _h.Runner.StartAsync("manual");
        Assert.Equal(RunStatus.AwaitingApproval, result.Status);
        return (result.RunId!, _h.Approvals.Items.Values.Single());
    }

    [Fact]
    public async Task Approve_SendsTheOrder_RecordsWhoWhenWhy_AndResumesTheRunToItsTrade()
    {
        var (runId, approval) = await ParkedRunAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(2));

        var outcome = await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin@kt", "looks right");

        Assert.Equal(ApprovalOutcomeKind.Sent, outcome.Kind);
        var sent = Assert.Single(_h.Gateway.Submitted);
        Assert.Equal(runId, sent.RunId);
        var stored = _h.Approvals.Items[approval.ApprovalId];
        Assert.Equal(ApprovalStatus.Approved, stored.Status);
        Assert.Equal("admin@kt", stored.DecidedBy);
        Assert.Equal(_h.Time.GetUtcNow(), stored.DecidedAt);
        Assert.Equal("looks right", stored.DecisionReason);
        Assert.Equal(_h.Ledger.Orders.Keys.Single(), stored.OrderId);
        var audit = Assert.Single(_h.Audit.Entries);
        Assert.Equal(("admin@kt", "approval.approve", approval.ApprovalId), (audit.Actor, audit.Action, audit.Target));
        Assert.Contains("looks right", audit.Details);

        var run = _h.Graphs.Runs[runId];
        Assert.Equal(RunStatus.Completed, run.Status);
        Assert.Equal("RecordAndReport", (await _h.Graphs.StepsAsync(runId)).Last().Node);
        var state = _h.StateOf(runId);
        Assert.Equal(approval.ApprovalId, Assert.Single(state.Executions).ApprovalId);
        Assert.Single(state.RecordedTradeIds);
        Assert.Single(_h.Trades.Trades);
        Assert.Contains(_h.Bus.OfType<ApprovalsChanged>(), e => e.ApprovalId == approval.ApprovalId);
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
        _h.Decide = _ => KisTrader.Core.Decisions.DecisionResult.Accepted(new("rules", [OperationalHarness.Buy("005930", 1)], "one"));
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
    public async Task Approve_WhenTheFreshRiskCheckRefuses_NothingIsSent_AndTheReasonIsReported()
    {
        var (runId, approval) = await ParkedRunAsync();
        _h.Gateway.AtSubmit = _ => RiskVerdict.Reject(RiskRejectCode.OutsideDailyLimits, "price moved beyond the daily limit");

        var outcome = await _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "ok");

        Assert.Equal(ApprovalOutcomeKind.NotSent, outcome.Kind);
        Assert.Equal(RiskRejectCode.OutsideDailyLimits, outcome.Gateway!.Verdict.Code);
        Assert.Empty(_h.Gateway.Submitted);
        Assert.Contains(_h.StateOf(runId).Report!.Rejections, r => r.Contains("daily limit"));
    }

    [Fact]
    public async Task RunWithTwoApprovals_ResumesOnlyAfterBothAreDecided()
    {
        _h.Decide = _ => KisTrader.Core.Decisions.DecisionResult.Accepted(new("rules",
            [OperationalHarness.Buy("005930", 1), OperationalHarness.Buy("000660", 2, 60_000m)], "two"));
        var result = await _h.Runner.StartAsync("manual");
        var approvals = _h.Approvals.Items.Values.OrderBy(a => a.Order.Ticker).ToList();

        await _h.ApprovalService.ApproveAsync(approvals[0].ApprovalId, "admin", "ok");
        Assert.Equal(RunStatus.AwaitingApproval, _h.Graphs.Runs[result.RunId!].Status);

        await _h.ApprovalService.RejectAsync(approvals[1].ApprovalId, "admin", "no");
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[result.RunId!].Status);
        Assert.Equal(2, _h.StateOf(result.RunId!).Executions.Count);
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
    public async Task ResumeDecidedRuns_WhileAnApprovedOrderIsBeingSent_LeavesTheRunToTheApproval()
    {
        // The maintenance loop ticks while an admin's approval is still sending: it used to see "no approval pending",
        // complete the run with the order as not sent, and the run's report said "0 sent" for an order that filled.
        var (runId, approval) = await ParkedRunAsync();
        var sending = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        _h.Gateway.WhileSending = async () => { sending.TrySetResult(); await release.Task; };

        var approve = _h.ApprovalService.ApproveAsync(approval.ApprovalId, "admin", "fits the plan");
        await sending.Task.WaitAsync(TimeSpan.FromSeconds(10));
        Assert.Equal(ApprovalStatus.Approved, _h.Approvals.Items[approval.ApprovalId].Status);

        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());
        Assert.Equal(RunStatus.AwaitingApproval, _h.Graphs.Runs[runId].Status);

        release.SetResult();
        Assert.Equal(ApprovalOutcomeKind.Sent, (await approve).Kind);
        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[runId].Status);
        var report = _h.StateOf(runId).Report!;
        Assert.Equal((1, 1), (report.Sent, report.Filled));
        Assert.Empty(report.Rejections);
        Assert.Equal(0, await _h.ApprovalService.ResumeDecidedRunsAsync());
    }

    [Fact]
    public async Task ResumeDecidedRuns_AfterAStopWhileAnApprovedOrderWasSent_FindsTheOrderInTheLedger()
    {
        // A stop between the send and the approval's order id: the decision is stored, the intent is in the ledger, the
        // parked run never heard of it. The next start must not report the order as not sent.
        var (runId, approval) = await ParkedRunAsync();
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        await _h.Approvals.DecideAsync(approval.ApprovalId, ApprovalStatus.Approved, "admin", _h.Time.GetUtcNow(), "fits the plan");
        var sent = await _h.Gateway.SubmitAsync(approval.Order, runId, null, maxQuantity: approval.Verdict.ApprovedQuantity, approvedByAdmin: true);

        Assert.Equal(1, await _h.ApprovalService.ResumeDecidedRunsAsync());

        Assert.Equal(sent.OrderId, _h.Approvals.Items[approval.ApprovalId].OrderId);
        var state = _h.StateOf(runId);
        Assert.Equal(sent.OrderId, Assert.Single(state.Executions).OrderId);
        Assert.Equal((1, 1), (state.Report!.Sent, state.Report.Filled));
        Assert.Single(state.RecordedTradeIds);
    }

    [Fact]
    public async Task ResumeDecidedRuns_AfterAStopBeforeAnApprovedOrderWasSent_SaysSo()
    {
        var (runId, approval) = await ParkedRunAsync();
        await _h.Approvals.DecideAsync(approval.ApprovalId, ApprovalStatus.Approved, "admin", _h.Time.GetUtcNow(), "fits the plan");

        Assert.Equal(1, await _h.ApprovalService.ResumeDecidedRunsAsync());

        var report = _h.StateOf(runId).Report!;
        Assert.Equal(0, report.Sent);
        Assert.Contains(report.Rejections, r => r.Contains("approval Approved by admin: fits the plan; the app stopped before the order was sent"));
        Assert.Empty(_h.Gateway.Submitted);
    }

    [Fact]
    public async Task CheckRiskRunAgainAfterACrash_SupersedesTheApprovalsItHadCreated()
    {
        var (runId, first) = await ParkedRunAsync();
        var node = _h.Graph.Definition.Find("CheckRisk")!;
        var state = _h.StateOf(runId);

        await node.RunAsync(state, new GraphContext(runId, "operational", "manual", state.StartedAt), default);

        Assert.Equal(ApprovalStatus.Expired, _h.Approvals.Items[first.ApprovalId].Status);
        Assert.Contains("superseded", _h.Approvals.Items[first.ApprovalId].DecisionReason);
        Assert.Single(_h.Approvals.Items.Values, a => a.Status == ApprovalStatus.Pending);
    }
}
