using KisTrader.Core.Decisions;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Core.Trades;
using KisTrader.Tests.Core.Graphs.Fakes;
using static KisTrader.Tests.Core.Graphs.Fakes.OperationalHarness;

namespace KisTrader.Tests.Core.Graphs.Operational;

/// <summary>The decide node: stale analysis, rejected plans, a failed engine and the engine on probation.</summary>
public sealed class OperationalGraphDecisionTests : OperationalGraphTestBase
{
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
}
