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

/// <summary>The operational graph end to end: its nodes, the equity point and report every run keeps, a full run that sends and records. The other OperationalGraph*Tests take one stage each.</summary>
public sealed class OperationalGraphTests : OperationalGraphTestBase
{
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
    public async Task DiagnoseAndAnalyze_CoverTheWatchlistAndTheHoldings()
    {
        var result = await _h.Runner.StartAsync("manual");
        var state = _h.StateOf(result.RunId!);
        Assert.Equal(10_000_000m, state.Portfolio!.Cash);
        Assert.Equal("035720", Assert.Single(state.Portfolio.Positions).Ticker);
        Assert.Equal(["005930", "000660", "035720"], _h.Analyzer.LastTickers);
        Assert.Equal(["005930", "000660", "035720"], _h.Engine.LastInput!.Universe);
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
}
