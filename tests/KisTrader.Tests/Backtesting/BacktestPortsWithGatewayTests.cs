using KisTrader.Core.InMemory;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Testing.Ledger;

namespace KisTrader.Tests.Backtesting;

/// <summary>The product's own OrderGateway (risk engine, marketable pricer, ledger recorder) and FillTracker, unchanged,
/// over the backtest's ports on the simulated clock: a first step of driving the operational graph over history.</summary>
public sealed class BacktestPortsWithGatewayTests
{
    private sealed record Rig(BacktestClock Clock, SimulatedBroker Broker, OrderGateway Gateway, FillTracker Tracker, InMemoryOrderLedger Ledger, InMemoryEventBus Bus);

    private static Rig Build(DateTimeOffset start, bool pricer = true, FillTrackerOptions? tracking = null)
    {
        var calendar = BarFixture.Calendar;
        var clock = new BacktestClock(start, calendar);
        var history = YearEndFixture.History();
        var market = new HistoricalMarketData(history, clock, calendar);
        var broker = new SimulatedBroker(history, clock, calendar, new SimulatedBrokerOptions { InitialCash = 10_000_000m });
        var ledger = new InMemoryOrderLedger(clock);
        var bus = new InMemoryEventBus();
        var recorder = new LedgerRecorder(ledger, bus, clock);
        var limits = new RiskLimits
        {
            MaxTickerWeightPercent = 100m, MaxOrderValueKrw = 100_000_000m, MaxOrdersPerDay = 100,
            DailyLossLimitPercent = 50m, WeeklyLossLimitPercent = 50m, MinCashReservePercent = 0m,
        };
        var contexts = new RiskContextBuilder(broker, market, ledger, new InMemoryTradingModeStore(), NoStrategyRules.Instance,
            new StaticTradingUniverse(history.Tickers), new InMemoryEquityMarks(clock), clock);
        var gateway = new OrderGateway(new RiskEngine(limits), contexts, recorder, broker, broker, clock)
        {
            // No realtime feed in a backtest: the pricer reads the synthesised REST book.
            Pricer = pricer
                ? new MarketablePricer(new TickCache(), new OrderBookCache(), market, () => FeedState.Connected, clock, new SlippageBound(3, 1m), TimeSpan.FromSeconds(10))
                : null,
        };
        var tracker = new FillTracker(bus, recorder, broker, gateway, clock, tracking);
        return new Rig(clock, broker, gateway, tracker, ledger, bus);
    }

    [Fact]
    public async Task APlannedBuyAtTheOpen_GoesThroughTheGateway_AndItsFillIsRecordedInTheLedger()
    {
        var rig = Build(BarFixture.Kst(2025, 12, 22, 9, 0));
        // The plan says 54,900; the synthesised book's best ask is the open, 55,000: one tick, within the bound.
        var planned = new PlannedOrder("005930", Side.Buy, 10, OrderPriceType.Limit, 54_900m, "backtest", 0.7m);
        var result = await rig.Gateway.SubmitAsync(planned, runId: null, analysis: null);
        Assert.True(result.Sent, result.Verdict.ToString());
        Assert.Equal(55_000m, result.Pricing!.SendPrice);

        await rig.Tracker.PollOnceAsync();
        var order = await rig.Ledger.GetAsync(result.OrderId!);
        Assert.Equal((LedgerOrderStatus.Filled, 10L, 55_000m), (order!.Status, order.FilledQuantity, order.AverageFillPrice));
        rig.Bus.Dispose();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task ARestingLimitThatNeverFills_IsCancelledWhenStale_OrClosedAtTheEndOfItsDay(bool cancelStale)
    {
        // Without the pricer (it would lift a buy far below the market to the best ask): the order rests at 54,000,
        // which the day's range (low 54,700) never reaches.
        var rig = Build(BarFixture.Kst(2025, 12, 22, 9, 0), pricer: false,
            new FillTrackerOptions { CancelStaleAfter = cancelStale ? TimeSpan.FromMinutes(15) : null });
        var planned = new PlannedOrder("005930", Side.Buy, 10, OrderPriceType.Limit, 54_000m, "backtest", 0.7m);
        var result = await rig.Gateway.SubmitAsync(planned, runId: null, analysis: null);
        Assert.True(result.Sent, result.Verdict.ToString());

        rig.Clock.AdvanceTo(BarFixture.Kst(2025, 12, 22, 12, 0));
        await rig.Tracker.PollOnceAsync();
        var order = await rig.Ledger.GetAsync(result.OrderId!);
        if (cancelStale)
        {
            // The product's stale-order rule cancelled it at the simulated broker: a cancellation row points at it.
            Assert.Equal(LedgerOrderStatus.Cancelled, order!.Status);
            var cancel = Assert.Single(rig.Broker.Orders, o => o.Kind == ModificationKind.Cancel);
            Assert.Equal(order.BrokerOrderNo, cancel.OriginalOrderNo);
        }
        else Assert.Equal(LedgerOrderStatus.Sent, order!.Status);

        rig.Clock.AdvanceTo(KrxCalendar.CloseOn(new DateOnly(2025, 12, 22)));
        await rig.Tracker.PollOnceAsync();
        order = await rig.Ledger.GetAsync(result.OrderId!);
        Assert.Equal((LedgerOrderStatus.Cancelled, 0L), (order!.Status, order.FilledQuantity));
        Assert.Empty(rig.Broker.Fills);
        rig.Bus.Dispose();
    }
}
