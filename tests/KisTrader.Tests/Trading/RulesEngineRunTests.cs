using System.Text.Json;
using System.Text.RegularExpressions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Trading;

/// <summary>Acceptance: a full run against the simulator with the rules engine ends with a filled order recorded with
/// its justification, snapshot and portfolio-before — on the composed app, approval Off, default settings but one: the
/// volume-surge rule's volume threshold is 0, so that a move the test stages with the simulator's price shock fires it
/// (the seeded market once drifted for ten runs without firing any rule).</summary>
[Collection(ComposedAppCollection.Name)]
public sealed partial class RulesEngineRunTests
{
    [Fact]
    public async Task RulesEngine_ApprovalOff_AStagedMoveFillsAnOrder_AndRecordsTheTradeWithItsRule()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?> { ["Trading:Rules:VolumeSurgeRatio"] = "0" });
        var ledger = app.Get<IOrderLedger>();

        // The seeded market may fire a rule on the first run by itself; if not, the quietest ticker (lowest RSI, far from
        // the breakout limit of 75) is staged to +2% on the day, which the volume-surge rule buys (+0.5% to +15%).
        var outcome = await app.RunAsync();
        Assert.NotEqual("Failed", outcome.Status);
        var state = await app.StateAsync(outcome.RunId!);
        var sent = state.Executions.Where(e => e.OrderId is not null).ToList();
        if (sent.Count == 0)
        {
            var quiet = state.Analysis!.Tickers.Where(t => t.Indicators.ContainsKey("rsi14") && Math.Abs(t.ChangeRatePercent) < 5m)
                .OrderBy(t => t.Indicators["rsi14"]).First();
            await SimulatorShock.ShockAsync(app, quiet.Ticker, SimulatorShock.To(2m, quiet.ChangeRatePercent));
            outcome = await app.RunAsync();
            state = await app.StateAsync(outcome.RunId!);
            sent = [.. state.Executions.Where(e => e.OrderId is not null)];
            Assert.True(sent.Count > 0, $"no order after staging {quiet.Ticker} at +2% (RSI(14) {quiet.Indicators["rsi14"]}): {outcome.Status}: {outcome.Summary} | "
                + string.Join("; ", state.Checks.Select(c => $"{c.Order.Side} {c.Order.Ticker}: {c.Verdict.Code} {c.Verdict.Reason}")));
        }
        var runId = outcome.RunId;

        // The fill arrives by execution notice; TradeRecorder writes the trade when the order is final. A limit buy at the
        // last price fills only when the market trades there again: after 3 s the market is moved through the limit, as
        // it would by itself sooner or later, instead of waiting for its drift.
        var ids = sent.Select(e => e.OrderId!).ToList();
        async Task<List<LedgerOrder>> ReadAsync() => [.. (await Task.WhenAll(ids.Select(id => ledger.GetAsync(id)))).OfType<LedgerOrder>()];
        bool Done(List<LedgerOrder> orders) => orders.Any(o => o is { Status: LedgerOrderStatus.Filled, TradeId: not null })
            || orders.All(o => o.Status == LedgerOrderStatus.Rejected);
        for (var i = 0; i < 30 && !Done(await ReadAsync()); i++)
            await Task.Delay(100);
        if (!Done(await ReadAsync()))
            foreach (var e in sent)
                await SimulatorShock.ShockAsync(app, e.Order.Ticker, e.Order.Side == Side.Buy ? -1.5m : 1.5m);
        var orders = new List<LedgerOrder>();
        await Poll.UntilAsync(async () => Done(orders = await ReadAsync()), TimeSpan.FromSeconds(15),
            $"one of the orders {string.Join(", ", ids)} to be filled and recorded");
        var order = orders.FirstOrDefault(o => o is { Status: LedgerOrderStatus.Filled, TradeId: not null }) ?? orders[0];

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
