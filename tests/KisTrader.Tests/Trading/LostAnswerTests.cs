using KisTrader.Core.Execution;
using KisTrader.Core.Ports;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Broker;
using KisTrader.Web.Trading;

namespace KisTrader.Tests.Trading;

/// <summary>Found by the crash harness (Reliability/CrashTests): an order whose answer is lost stays Unknown until
/// something reconciles it. Only the next order and the next start did, so after the day's last order its fills went
/// unrecorded (our positions drifted from the broker's) and every later order was refused until a restart.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class LostAnswerTests
{
    [Fact]
    public async Task An_order_whose_answer_was_lost_is_settled_by_the_app_without_another_order_or_a_restart()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            // One buy per run, of anything: the run's only order is the one whose answer is dropped.
            ["Trading:Rules:VolumeSurgeRatio"] = "0",
            ["Trading:Rules:MomentumMinChangePercent"] = "-29",
            ["Trading:Rules:MomentumMaxChangePercent"] = "29.9",
            ["Trading:Rules:BreakoutMaxRsi"] = "100",
            ["Trading:Rules:MaxBuysPerRun"] = "1",
            ["Trading:Rules:BuyFractionOfEquity"] = "0.01",
        });
        var ledger = app.Get<IOrderLedger>();
        var sim = app.Get<BrokerRuntime>().Simulator!;
        sim.Faults.Update(f => f.DropNextOrderResponses = 1);

        var state = await app.StateAsync((await app.RunAsync()).RunId!);
        var sent = Assert.Single(state.Executions, e => e.OrderId is not null);
        var order = await ledger.GetAsync(sent.OrderId!);
        Assert.Equal(LedgerOrderStatus.Unknown, order!.Status);
        Assert.Null(order.BrokerOrderNo);

        // No other order and no restart: the maintenance loop has to find it in the broker's list.
        await Poll.UntilAsync(async () => await ledger.GetAsync(sent.OrderId!) is { Status: not (LedgerOrderStatus.Unknown or LedgerOrderStatus.Intent) },
            TradingStartup.MaintenanceInterval * 2 + TimeSpan.FromSeconds(5), "the order with the lost answer to be reconciled");
        var settled = (await ledger.GetAsync(sent.OrderId!))!;
        Assert.NotNull(settled.BrokerOrderNo);
        string brokerNo;
        lock (sim.Exchange.Gate) brokerNo = Assert.Single(sim.Exchange.Orders).Odno;
        Assert.Equal(brokerNo, settled.BrokerOrderNo);
    }
}
