using System.Text.Json;
using System.Text.RegularExpressions;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Trading;

/// <summary>Acceptance: a full run against the simulator with the rules engine ends with a filled order recorded with
/// its justification, snapshot and portfolio-before — on the composed app, default settings, approval Off.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed partial class RulesEngineRunTests
{
    [Fact]
    public async Task RulesEngine_ApprovalOff_WithinTenRuns_FillsAnOrder_AndRecordsTheTradeWithItsRule()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir);
        var ledger = app.Get<IOrderLedger>();

        string? runId = null;
        LedgerOrder? order = null;
        var summaries = new List<string>();
        for (var i = 0; i < 10 && order is null; i++)
        {
            var outcome = await app.RunAsync();
            summaries.Add($"{outcome.Status}: {outcome.Summary}");
            Assert.NotEqual("Failed", outcome.Status);
            var state = await app.StateAsync(outcome.RunId!);
            var sent = state.Executions.Where(e => e.OrderId is not null).Select(e => e.OrderId!).ToList();
            if (sent.Count == 0)
            {
                // As the CLI's --interval: the seeded simulator's market moves on in real time, and the rules fire on
                // its moves (a few seconds in, on the default market); back-to-back runs would all see the same prices.
                await Task.Delay(TimeSpan.FromSeconds(1));
                continue;
            }
            // The fill arrives by execution notice; TradeRecorder writes the trade when the order is final. A limit buy
            // at the last price fills only if the market trades there again (the trade log showed one the market left
            // behind for 15 s while the run's other order filled): the first of the run's orders to fill is the one.
            var orders = new List<LedgerOrder>();
            await Poll.UntilAsync(async () =>
            {
                orders = [.. (await Task.WhenAll(sent.Select(id => ledger.GetAsync(id)))).OfType<LedgerOrder>()];
                return orders.Any(o => o is { Status: LedgerOrderStatus.Filled, TradeId: not null }) || orders.All(o => o.Status == LedgerOrderStatus.Rejected);
            }, TimeSpan.FromSeconds(15), $"one of the orders {string.Join(", ", sent)} to be filled and recorded");
            order = orders.FirstOrDefault(o => o is { Status: LedgerOrderStatus.Filled, TradeId: not null }) ?? orders[0];
            runId = outcome.RunId;
        }

        Assert.True(order is not null, "no order was sent in 10 runs:\n" + string.Join("\n", summaries));
        Assert.Equal(LedgerOrderStatus.Filled, order.Status);
        Assert.Equal(order.Quantity, order.FilledQuantity);

        var trade = await app.Get<ITradeStore>().FindAsync(order.TradeId!);
        Assert.NotNull(trade);
        Assert.Equal(order.Ticker, trade.Ticker);
        Assert.Equal(order.FilledQuantity, trade.Quantity);
        Assert.Matches(RuleName(), trade.JustificationText);

        using (var snapshot = JsonDocument.Parse(trade.MarketSnapshot))
        {
            Assert.Equal(JsonValueKind.Object, snapshot.RootElement.ValueKind);
            Assert.Equal(order.Ticker, snapshot.RootElement.GetProperty("ticker").GetProperty("ticker").GetString());
            Assert.True(snapshot.RootElement.GetProperty("ticker").GetProperty("price").GetDecimal() > 0);
        }
        using (var before = JsonDocument.Parse(trade.PortfolioBefore))
        {
            Assert.Equal(JsonValueKind.Object, before.RootElement.ValueKind);
            Assert.True(before.RootElement.GetProperty("cash").GetDecimal() > 0);
            Assert.True(before.RootElement.TryGetProperty("positions", out _));
        }

        var steps = await app.Get<IGraphStore>().StepsAsync(runId!);
        Assert.Equal([OperationalGraph.DiagnosePortfolio, OperationalGraph.AnalyzeMarket, OperationalGraph.Decide,
            OperationalGraph.CheckRisk, OperationalGraph.ExecuteOrders, OperationalGraph.RecordAndReport], steps.Select(s => s.Node));
        Assert.All(steps, s => Assert.Null(s.Error));
        Assert.True(steps.Single(s => s.Node == OperationalGraph.ExecuteOrders).SentOrders);
    }

    [GeneratedRegex("^Rule (oversold_uptrend|volume_surge|breakout|trend_momentum|stop_loss|take_profit|overbought): ")]
    private static partial Regex RuleName();
}
