using KisTrader.Core.InMemory;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Tests.Data;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Execution;

/// <summary>The gateway, fill tracker and kill switch through the real KIS client (REST + execution-notice WebSocket)
/// against the simulator in paper mode.</summary>
public sealed class GatewayLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    private sealed class Stack : IAsyncDisposable
    {
        public required LoopbackClient Client { get; init; }
        public required EfOrderLedger Ledger { get; init; }
        public required OrderGateway Gateway { get; init; }
        public required FillTracker Tracker { get; init; }
        public required TradingControl Control { get; init; }

        public async ValueTask DisposeAsync()
        {
            await Tracker.DisposeAsync();
            await Client.DisposeAsync();
        }
    }

    private async Task<Stack> StartAsync(string code)
    {
        var c = LoopbackClient.Create(sim.Host);
        using (var ticks = new BusProbe<TickReceived>(c.Bus))
        {
            var session = await c.StartRealtimeAsync();
            await session.SubscribeTradesAsync([code]);
            await ticks.WaitAsync(r => r.Any(t => t.Tick.Ticker == code), $"a first tick of {code}");
        }
        var factory = new TestContextFactory(DatabaseProvider.Sqlite, GatewayHarness.NewDatabase());
        await new DatabaseInitializer(factory).InitializeAsync();
        var ledger = new EfOrderLedger(factory, c.Clock);
        var modes = new EfTradingModeStore(factory, c.Clock);
        var recorder = new LedgerRecorder(ledger, c.Bus, c.Clock);
        var contexts = new RiskContextBuilder(c.Client.Account, c.Client.MarketData, ledger, modes, NoStrategyRules.Instance,
            new StaticTradingUniverse([code]), new EfEquityMarks(factory, c.Clock), c.Clock);
        var gateway = new OrderGateway(new RiskEngine(new RiskLimits()), contexts, recorder, c.Client.Orders, c.Client.Account, c.Clock);
        // Polling is slowed right down: the fills of these tests must come from the notice feed.
        var tracker = new FillTracker(c.Bus, recorder, c.Client.Account, gateway, c.Clock, new FillTrackerOptions { PollInterval = TimeSpan.FromMinutes(10) });
        tracker.Start();
        var control = new TradingControl(modes, new EfAuditLog(factory), new InMemoryApprovalStore(), gateway, c.Bus, c.Clock);
        return new Stack { Client = c, Ledger = ledger, Gateway = gateway, Tracker = tracker, Control = control };
    }

    [Fact]
    public async Task Submit_ThroughTheRealClient_IsSentThenFilledFromTheNoticeFeed()
    {
        var code = LoopbackUniverse.Liquid(3);
        await using var s = await StartAsync(code);
        using var updates = new BusProbe<OrderUpdated>(s.Client.Bus);
        using var fills = new BusProbe<FillRecorded>(s.Client.Bus);

        var result = await s.Gateway.SubmitAsync(new PlannedOrder(code, Side.Buy, 10, OrderPriceType.Market, null, "loopback buy", 0.8m), "run-e2e", null);

        Assert.True(result.Sent, $"{result.Verdict.Code}: {result.Verdict.Reason} / {result.Submission?.Message}");
        var id = result.OrderId!;
        await updates.WaitAsync(r => r.Any(u => u.Order.OrderId == id && u.Order.Status == LedgerOrderStatus.Sent), "the order marked Sent");
        await updates.WaitAsync(r => r.Any(u => u.Order.OrderId == id && u.Order.Status == LedgerOrderStatus.Filled), "the order marked Filled");

        var order = (await s.Ledger.GetAsync(id))!;
        Assert.Equal(result.Submission!.OrderId!.OrderNo, order.BrokerOrderNo);
        var recorded = await s.Ledger.FillsAsync(id);
        Assert.All(recorded, f => Assert.Equal(LedgerRecorder.NoticeSource, f.Source));
        Assert.Equal(10, recorded.Sum(f => f.Quantity));
        await fills.WaitAsync(r => r.Where(f => f.Order.OrderId == id).Sum(f => f.Fill.Quantity) == 10, "FillRecorded events totalling 10");

        var today = sim.Host.TradingDate();
        var broker = Assert.Single(await s.Client.Client.Account.GetOrdersAsync(today, today), b => b.OrderNo == order.BrokerOrderNo);
        Assert.Equal(broker.FilledAmount, recorded.Sum(f => f.Quantity * f.Price));
        Assert.Equal(broker.AverageFillPrice, Math.Round(order.AverageFillPrice!.Value, 0));

        // Polling afterwards finds nothing new: the feed and daily_ccld agree and nothing is counted twice.
        await s.Tracker.PollOnceAsync();
        Assert.Equal(10, (await s.Ledger.GetAsync(id))!.FilledQuantity);
    }

    [Fact]
    public async Task Halt_CancelsTheOpenLimitOrderAtTheBroker_AndRefusesTheNextOrder()
    {
        var code = LoopbackUniverse.Liquid(4);
        await using var s = await StartAsync(code);
        var quote = await s.Client.Client.MarketData.GetQuoteAsync(code);

        // A buy at the lower limit rests in the book.
        var result = await s.Gateway.SubmitAsync(new PlannedOrder(code, Side.Buy, 5, OrderPriceType.Limit, quote.LowerLimit, "resting", 0.5m), null, null);
        Assert.True(result.Sent, $"{result.Verdict.Code}: {result.Verdict.Reason} / {result.Submission?.Message}");
        var orderNo = result.Submission!.OrderId!.OrderNo;

        await s.Control.HaltAsync("admin", "loopback kill switch");

        var today = sim.Host.TradingDate();
        var orders = await s.Client.Client.Account.GetOrdersAsync(today, today);
        Assert.Equal(0, Assert.Single(orders, o => o.OrderNo == orderNo).RemainingQuantity);
        Assert.Contains(orders, o => o.OriginalOrderNo == orderNo && o.Cancelled);
        Assert.Empty((await s.Client.Client.Account.GetOpenOrdersAsync()).Orders);
        Assert.Equal(LedgerOrderStatus.Cancelled, (await s.Ledger.GetAsync(result.OrderId!))!.Status);

        var refused = await s.Gateway.SubmitAsync(new PlannedOrder(code, Side.Buy, 1, OrderPriceType.Market, null, "after halt", 0.5m), null, null);
        Assert.Equal(RiskRejectCode.TradingHalted, refused.Verdict.Code);
        Assert.Single(await s.Client.Client.Account.GetOrdersAsync(today, today), o => o.OriginalOrderNo is null or "" && o.Ticker == code);
    }
}
