using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Tests.Execution.Support;
using static KisTrader.Tests.Execution.Support.BrokerRows;

namespace KisTrader.Tests.Execution;

public sealed class ReconciliationTests
{
    private static LedgerOrder Intent(GatewayHarness h, string id, long qty = 5, TimeSpan? ago = null)
    {
        var at = h.Clock.GetUtcNow() - (ago ?? TimeSpan.Zero);
        return new LedgerOrder(id, at, at, "000660", Side.Buy, qty, OrderPriceType.Limit, 20_000m, LedgerOrderStatus.Intent, null, null, 0, null, null, null, "t", null);
    }

    [Fact]
    public async Task Reconcile_IntentLeftByACrash_IsMatchedByTickerSideQuantityAndTime()
    {
        await using var h = await GatewayHarness.CreateAsync();
        await h.Ledger.AddAsync(Intent(h, "crashed", ago: TimeSpan.FromMinutes(1)));
        h.Account.Orders.Add(Row(h.Clock, "0000000042", "000660", Side.Buy, 5, 20_000m, filled: 5, avg: 20_000m, at: h.Clock.GetUtcNow().AddSeconds(-59)));

        var result = await h.Gateway.ReconcileAsync();

        Assert.Equal(new ReconciliationResult(1, 1, 0), result);
        var o = await h.Ledger.GetAsync("crashed");
        Assert.Equal((LedgerOrderStatus.Filled, "0000000042", "00950", 5L), (o!.Status, o.BrokerOrderNo, o.BrokerOrgNo, o.FilledQuantity));
    }

    [Fact]
    public async Task Reconcile_DoesNotMatchABrokerOrderOutsideTheWindow_OrOfAnotherQuantity()
    {
        await using var h = await GatewayHarness.CreateAsync();
        await h.Ledger.AddAsync(Intent(h, "crashed", qty: 5, ago: TimeSpan.FromMinutes(1)));
        h.Account.Orders.Add(Row(h.Clock, "1", "000660", Side.Buy, 5, 20_000m, at: h.Clock.GetUtcNow().AddMinutes(-20)));
        h.Account.Orders.Add(Row(h.Clock, "2", "000660", Side.Buy, 6, 20_000m));
        h.Account.Orders.Add(Row(h.Clock, "3", "000660", Side.Sell, 5, 20_000m));
        h.Account.Orders.Add(Row(h.Clock, "4", "005930", Side.Buy, 5, 20_000m));

        var result = await h.Gateway.ReconcileAsync();

        Assert.Equal(new ReconciliationResult(1, 1, 0), result);
        var o = await h.Ledger.GetAsync("crashed");
        Assert.Equal((LedgerOrderStatus.Rejected, "never sent"), (o!.Status, o.LastError));
        Assert.Null(o.BrokerOrderNo);
    }

    [Fact]
    public async Task Reconcile_ABrokerOrderAlreadyOurs_IsNotClaimedTwice()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var sent = Intent(h, "sent", ago: TimeSpan.FromSeconds(10)) with { Status = LedgerOrderStatus.Sent, BrokerOrgNo = "00950", BrokerOrderNo = "0000000007" };
        await h.Ledger.AddAsync(sent);
        await h.Ledger.AddAsync(Intent(h, "twin"));
        h.Account.Orders.Add(Row(h.Clock, "7", "000660", Side.Buy, 5, 20_000m));

        var result = await h.Gateway.ReconcileAsync();

        // The twin is within the grace period and unmatched: still ambiguous, so nothing may be sent.
        Assert.Equal(1, result.Unresolved);
        Assert.Equal(LedgerOrderStatus.Intent, (await h.Ledger.GetAsync("twin"))!.Status);
        Assert.Equal(LedgerOrderStatus.Sent, (await h.Ledger.GetAsync("sent"))!.Status);
    }

    [Fact]
    public async Task Reconcile_SentOrderCancelledAtTheBroker_RecordsItsFillsAndCancels()
    {
        await using var h = await GatewayHarness.CreateAsync();
        var sent = Intent(h, "sent") with { Status = LedgerOrderStatus.Sent, BrokerOrgNo = "00950", BrokerOrderNo = "0000000008", Quantity = 10 };
        await h.Ledger.AddAsync(sent);
        h.Account.Orders.Add(Row(h.Clock, "8", "000660", Side.Buy, 10, 20_000m, filled: 4, avg: 19_950m, cancelled: true));

        await h.Gateway.ReconcileAsync();

        var o = await h.Ledger.GetAsync("sent");
        Assert.Equal((LedgerOrderStatus.Cancelled, 4L, 19_950m), (o!.Status, o.FilledQuantity, o.AverageFillPrice!.Value));
        Assert.Single(await h.Ledger.FillsAsync("sent"));
    }

    [Fact]
    public async Task Reconcile_IsRepeatable()
    {
        await using var h = await GatewayHarness.CreateAsync();
        await h.Ledger.AddAsync(Intent(h, "crashed"));
        h.Account.Orders.Add(Row(h.Clock, "9", "000660", Side.Buy, 5, 20_000m, filled: 2, avg: 20_000m));
        await h.Gateway.ReconcileAsync();
        var second = await h.Gateway.ReconcileAsync();
        Assert.Equal(0, second.Changed);
        Assert.Equal(2, (await h.Ledger.GetAsync("crashed"))!.FilledQuantity);
        Assert.Single(await h.Ledger.FillsAsync("crashed"));
    }
}
