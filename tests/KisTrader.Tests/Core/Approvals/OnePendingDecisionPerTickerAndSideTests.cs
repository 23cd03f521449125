using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Graphs;
using KisTrader.Core.Orders;
using KisTrader.Tests.Core.Graphs.Fakes;

namespace KisTrader.Tests.Core.Approvals;

/// <summary>A newer plan supersedes earlier pending approvals of the same ticker and side: approving the whole queue can
/// never buy one thing several times.</summary>
public sealed class OnePendingDecisionPerTickerAndSideTests : IDisposable
{
    private readonly OperationalHarness _h = new(ApprovalMode.Required);

    public OnePendingDecisionPerTickerAndSideTests() =>
        _h.Decide = _ => DecisionResult.Accepted(new("rules",
            [OperationalHarness.Buy("005930", 1), OperationalHarness.Buy("000660", 2, 60_000m)], "the same two buys"));

    public void Dispose() => _h.Dispose();

    private async Task<string> RunAsync()
    {
        var result = await _h.Runner.StartAsync("schedule");
        Assert.Equal(RunStatus.AwaitingApproval, result.Status);
        _h.Time.Advance(TimeSpan.FromMinutes(1));
        return result.RunId!;
    }

    private PendingApproval Of(string runId, string ticker) =>
        _h.Approvals.Items.Values.Single(a => a.RunId == runId && a.Order.Ticker == ticker);

    [Fact]
    public async Task ThreeRunsInARow_WithTheSamePlan_LeaveOnePendingApprovalPerTickerAndSide()
    {
        var runs = new[] { await RunAsync(), await RunAsync(), await RunAsync() };

        var pending = _h.Approvals.Items.Values.Where(a => a.Status == ApprovalStatus.Pending).ToList();
        Assert.Equal(2, pending.Count);
        Assert.All(pending, a => Assert.Equal(runs[2], a.RunId));
        Assert.Equal(["000660", "005930"], pending.Select(a => a.Order.Ticker).Order());
        foreach (var ticker in new[] { "005930", "000660" })
        {
            // Each superseded approval names the one that replaced it.
            Assert.Equal((ApprovalStatus.Superseded, Of(runs[1], ticker).ApprovalId), (Of(runs[0], ticker).Status, Of(runs[0], ticker).SupersededBy));
            Assert.Equal((ApprovalStatus.Superseded, Of(runs[2], ticker).ApprovalId), (Of(runs[1], ticker).Status, Of(runs[1], ticker).SupersededBy));
        }
        var audited = _h.Audit.Entries.Where(e => e.Action == "approval.supersede").ToList();
        Assert.Equal(4, audited.Count);
        Assert.Contains(audited, e => e.Target == Of(runs[0], "005930").ApprovalId && e.Details!.Contains(Of(runs[1], "005930").ApprovalId));
        Assert.Empty(_h.Gateway.Submitted);
    }

    [Fact]
    public async Task RunsWhoseApprovalsWereAllSuperseded_EndCleanly_ReportingTheNewerProposal_AndSendNothing()
    {
        var first = await RunAsync();
        var second = await RunAsync();

        Assert.Equal(1, await _h.ApprovalService.ResumeDecidedRunsAsync());

        Assert.Equal(RunStatus.Completed, _h.Graphs.Runs[first].Status);
        Assert.Equal(RunStatus.AwaitingApproval, _h.Graphs.Runs[second].Status);
        var report = _h.StateOf(first).Report!;
        Assert.Equal((0, 0), (report.Sent, report.AwaitingApproval));
        Assert.Contains(report.Rejections, r => r.Contains($"superseded by the newer proposal {Of(second, "005930").ApprovalId}"));
        Assert.Empty(_h.Gateway.Submitted);
    }

    [Fact]
    public async Task ASupersededApproval_CannotBeApproved_AndTheOutcomeNamesTheNewerOne()
    {
        var first = await RunAsync();
        var second = await RunAsync();
        var old = Of(first, "005930");
        var newer = Of(second, "005930");

        var outcome = await _h.ApprovalService.ApproveAsync(old.ApprovalId, "admin", "approving the queue");

        Assert.Equal(ApprovalOutcomeKind.Superseded, outcome.Kind);
        Assert.False(outcome.Decided);
        Assert.Equal(newer.ApprovalId, outcome.SupersededBy);
        Assert.Contains(newer.ApprovalId, outcome.Message);
        Assert.Equal(ApprovalStatus.Superseded, _h.Approvals.Items[old.ApprovalId].Status);
        Assert.Empty(_h.Gateway.Submitted);
        Assert.DoesNotContain(_h.Audit.Entries, e => e.Action == "approval.approve");

        Assert.Equal(ApprovalOutcomeKind.Sent, (await _h.ApprovalService.ApproveAsync(newer.ApprovalId, "admin", "the current one")).Kind);
        Assert.Equal("005930", Assert.Single(_h.Gateway.Submitted).Order.Ticker);
    }

    [Fact]
    public async Task AProposalOfTheOtherSide_OrAnotherTicker_SupersedesNothing()
    {
        var first = await RunAsync();
        _h.Decide = _ => DecisionResult.Accepted(new("rules",
            [new PlannedOrder("005930", Side.Sell, 1, OrderPriceType.Limit, 71_000m, "take profit", 0.6m)], "sell"));

        var second = await RunAsync();

        Assert.Equal(ApprovalStatus.Pending, Of(first, "005930").Status);
        Assert.Equal(ApprovalStatus.Pending, Of(first, "000660").Status);
        Assert.Equal(ApprovalStatus.Pending, Of(second, "005930").Status);
    }

    [Fact]
    public async Task AnApprovalDecidedBeforeTheNewerProposal_KeepsItsDecision()
    {
        var first = await RunAsync();
        await _h.ApprovalService.RejectAsync(Of(first, "005930").ApprovalId, "admin", "not now");

        await RunAsync();

        Assert.Equal(ApprovalStatus.Rejected, Of(first, "005930").Status);
        Assert.Null(Of(first, "005930").SupersededBy);
        Assert.Equal(ApprovalStatus.Superseded, Of(first, "000660").Status);
    }
}
