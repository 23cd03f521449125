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

/// <summary>The risk check node: refusals, reduced quantities and parking for approval.</summary>
public sealed class OperationalGraphRiskTests : OperationalGraphTestBase
{
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
}
