using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Tests.Llm;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Broker;

namespace KisTrader.Tests.Trading;

/// <summary>Acceptance: within one second of engaging the kill switch no order can be sent, pending approvals are
/// rejected and open orders cancelled at the broker; the Halted state survives a restart. On the composed app.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class KillSwitchTests
{
    private const string RestingTicker = "005930";
    private const string ApprovalTicker = "000660";

    [Fact]
    public async Task Halt_WithinOneSecond_RejectsPendingApprovals_CancelsTheOpenOrderAtTheBroker_RefusesSends_AndSurvivesARestart()
    {
        await using var llm = await LoopbackChatServer.StartAsync();
        using var dir = new TempDataDir();
        // Above 1,000,000 KRW an order waits for an admin; below it goes straight out. One plan gives both.
        var settings = LlmPlans.Settings(llm, ("Trading:ApprovalMode", "AboveValue"), ("Trading:ApprovalThresholdKrw", "1000000"));

        string restingOrderId, brokerOrderNo, approvalId;
        await using (var app = await TradingApp.StartAsync(dir, settings))
        {
            var today = DateOnly.FromDateTime(DateTimeOffset.UtcNow.ToKst().DateTime);
            var restPrice = await app.PriceAsync(RestingTicker);
            var quote = await app.Get<IMarketData>().GetQuoteAsync(RestingTicker);
            // Well below the market (it rests), on tick and inside today's limits (the risk engine accepts it).
            var low = KrxRules.CeilingToTick(Math.Max(restPrice * 0.85m, quote.LowerLimit), date: today);
            Assert.True(low < restPrice && low < 1_000_000m, $"resting price {low} vs market {restPrice}");
            var approvalPrice = await app.PriceAsync(ApprovalTicker);
            var approvalQuantity = (long)Math.Ceiling(1_500_000m / approvalPrice);
            llm.Enqueue(new ChatReply(LlmPlans.Plan("One order.",
                LlmPlans.Order(ApprovalTicker, "BUY", approvalQuantity, "MARKET", null, "Large enough to need an admin."))));

            var outcome = await app.RunAsync();

            Assert.True(outcome.Status == nameof(RunStatus.AwaitingApproval), $"{outcome.Status}: {outcome.Summary}");
            // A plain limit under the market is not sent at all (the gateway prices limits to be marketable, within a bound):
            // a resting bid is a conditional limit (조건부지정가), which is sent at its price.
            var sent = await app.Get<IOrderGateway>().SubmitAsync(
                new PlannedOrder(RestingTicker, Side.Buy, 1, OrderPriceType.ConditionalLimit, low, "Resting bid well under the market.", 0.5m), outcome.RunId, null);
            Assert.True(sent.Sent, sent.Verdict.Reason);
            restingOrderId = sent.OrderId!;
            var ledger = app.Get<IOrderLedger>();
            var resting = (await ledger.GetAsync(restingOrderId))!;
            Assert.Equal(LedgerOrderStatus.Sent, resting.Status);
            brokerOrderNo = resting.BrokerOrderNo!;
            var account = app.Get<IAccountReader>();
            Assert.Contains((await account.GetOpenOrdersAsync()).Orders, o => BrokerOrderNumbers.Same(o.OrderId.OrderNo, brokerOrderNo));
            var pending = Assert.Single(await app.Get<IApprovalStore>().ListAsync(ApprovalStatus.Pending));
            Assert.Equal(ApprovalTicker, pending.Order.Ticker);
            approvalId = pending.ApprovalId;

            var control = app.Get<ITradingControl>();
            var gateway = app.Get<IOrderGateway>();
            var exchange = app.Get<BrokerRuntime>().Simulator!.Exchange;
            var probe = new PlannedOrder(RestingTicker, Side.Buy, 1, OrderPriceType.Market, null, "after the halt", 0.5m);

            var engaged = DateTime.UtcNow;
            await control.HaltAsync("admin", "e2e: emergency stop");
            var deadline = engaged + TimeSpan.FromSeconds(1);

            await WithinAsync(deadline, async () => (await app.Get<IApprovalStore>().GetAsync(approvalId))!.Status == ApprovalStatus.Rejected,
                "the pending approval to be rejected");
            await WithinAsync(deadline, () =>
            {
                lock (exchange.Gate)
                {
                    var o = exchange.Orders.Single(x => BrokerOrderNumbers.Same(x.Odno, brokerOrderNo));
                    return Task.FromResult(o.Remaining == 0 && o.CancelledQuantity == o.Quantity);
                }
            }, "the resting order to be cancelled at the broker");
            // HaltAsync has returned (within the second, or the waits above failed): the very next send is refused.
            var refused = await gateway.SubmitAsync(probe, null, null);
            Assert.Null(refused.OrderId);
            Assert.Equal(RiskRejectCode.TradingHalted, refused.Verdict.Code);

            // And as the other parts of the app see it.
            Assert.Equal(LedgerOrderStatus.Cancelled, (await ledger.GetAsync(restingOrderId))!.Status);
            Assert.DoesNotContain((await account.GetOpenOrdersAsync()).Orders, o => BrokerOrderNumbers.Same(o.OrderId.OrderNo, brokerOrderNo));
            var late = await app.Get<ApprovalService>().ApproveAsync(approvalId, "admin", "too late");
            Assert.Equal(ApprovalOutcomeKind.NotPending, late.Kind);
            Assert.Single(await ledger.ListAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1)));
        }

        // A restart on the same data directory: still halted, and a run that wants to buy sends nothing.
        await using (var app = await TradingApp.StartAsync(dir, settings))
        {
            var control = app.Get<ITradingControl>();
            var mode = await control.GetAsync();
            Assert.Equal(TradingMode.Halted, mode.Mode);
            Assert.Equal("e2e: emergency stop", mode.Reason);

            llm.Enqueue(new ChatReply(LlmPlans.Plan("Buy after restart.",
                LlmPlans.Order(RestingTicker, "BUY", 1, "MARKET", null, "Would buy if trading were allowed."))));
            var outcome = await app.RunAsync();
            var state = await app.StateAsync(outcome.RunId!);
            var check = Assert.Single(state.Checks);
            Assert.Equal(RiskRejectCode.TradingHalted, check.Verdict.Code);
            Assert.Empty(state.Executions);
            var orders = await app.Get<IOrderLedger>().ListAsync(DateTimeOffset.UtcNow.AddHours(-1), DateTimeOffset.UtcNow.AddMinutes(1));
            var only = Assert.Single(orders);
            Assert.Equal((restingOrderId, LedgerOrderStatus.Cancelled), (only.OrderId, only.Status));
            Assert.Empty(await app.Get<IApprovalStore>().ListAsync(ApprovalStatus.Pending));

            await Assert.ThrowsAsync<ArgumentException>(() => control.ResumeAsync("admin", "  "));
            Assert.Equal(TradingMode.Halted, (await control.GetAsync()).Mode);
            var resumed = await control.ResumeAsync("admin", "e2e: all clear");
            Assert.Equal((TradingMode.Active, "admin", "e2e: all clear"), (resumed.Mode, resumed.ChangedBy, resumed.Reason));
        }
    }

    /// <summary>The acceptance's "within one second": polls until <paramref name="deadline"/>, then fails.</summary>
    private static async Task WithinAsync(DateTime deadline, Func<Task<bool>> condition, string what)
    {
        while (!await condition())
        {
            if (DateTime.UtcNow > deadline) Assert.Fail($"Not within one second of the halt: {what}.");
            await Task.Delay(20);
        }
    }
}
