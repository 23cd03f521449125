using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Orders;
using KisTrader.Core.Ports;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Execution;

/// <summary>A status change computed from an order read before another writer changed it (issue 15's race: a cancel
/// written from a read taken before the fill that completed the order) becomes what the state machine says for the order
/// as it now is: the ledger's update is a compare-and-set on the status, and the recorder recomputes on a conflict.</summary>
public sealed class LedgerRecorderStaleReadTests
{
    private static PlannedOrder Buy(long qty) => new("000660", Side.Buy, qty, OrderPriceType.Limit, 20_000m, "t", 0.5m);

    private static LedgerFill Fill(GatewayHarness h, string orderId, string key, long qty) => new(orderId, key, qty, 20_000m, h.Clock.GetUtcNow(), "notice");

    [Fact]
    public async Task CancelFromAReadTakenBeforeACompletingFill_LeavesTheOrderFilled_WithItsFills()
    {
        await using var h = await GatewayHarness.CreateAsync();
        using var steps = new BusProbe<OrderLifecycleEvent>(h.Bus);
        var placed = await h.Gateway.SubmitAsync(Buy(10), null, null);
        var stale = (await h.Ledger.GetAsync(placed.OrderId!))!;
        Assert.True(await h.Ledger.AddFillAsync(Fill(h, stale.OrderId, "x1", 10)));

        var result = await h.Recorder.UpdateAsync(stale, o => o.Cancelled("cancelled: stale"), OrderEventKind.Cancel);

        var stored = (await h.Ledger.GetAsync(stale.OrderId))!;
        Assert.Equal((LedgerOrderStatus.Filled, 10L, 20_000m, (string?)null), (stored.Status, stored.FilledQuantity, stored.AverageFillPrice!.Value, stored.LastError));
        Assert.Equal(stored, result);
        Assert.Equal(10, (await h.Ledger.FillsAsync(stale.OrderId)).Sum(f => f.Quantity));
        await AssertNoStepAsync(h, steps, stale.OrderId, OrderEventKind.Cancel);
    }

    [Fact]
    public async Task CancelFromAReadTakenBeforeAPartialFill_CancelsTheRest_AndKeepsTheFill()
    {
        await using var h = await GatewayHarness.CreateAsync();
        using var steps = new BusProbe<OrderLifecycleEvent>(h.Bus);
        var placed = await h.Gateway.SubmitAsync(Buy(10), null, null);
        var stale = (await h.Ledger.GetAsync(placed.OrderId!))!;
        Assert.True(await h.Ledger.AddFillAsync(Fill(h, stale.OrderId, "x1", 4)));

        var result = await h.Recorder.UpdateAsync(stale, o => o.Cancelled("cancelled: stale"), OrderEventKind.Cancel);

        var stored = (await h.Ledger.GetAsync(stale.OrderId))!;
        Assert.Equal((LedgerOrderStatus.Cancelled, 4L, "cancelled: stale"), (stored.Status, stored.FilledQuantity, stored.LastError));
        Assert.Equal(stored, result);
        await steps.WaitAsync(r => r.Any(e => e.Kind == OrderEventKind.Cancel), "the cancel step");
        Assert.Single(steps.Received, e => e.Kind == OrderEventKind.Cancel);
    }

    [Fact]
    public async Task GatewayCancel_WhenAFillCompletesTheOrderBetweenItsReadAndItsWrite_LeavesTheOrderFilled()
    {
        InterleavingLedger? seen = null;
        await using var h = await GatewayHarness.CreateAsync(recorderLedger: l => seen = new InterleavingLedger(l));
        var placed = await h.Gateway.SubmitAsync(Buy(10), null, null);
        // The gateway reads the order after the broker accepted the cancel; the last fill lands right after that read.
        seen!.AfterNextRead = read => h.Ledger.AddFillAsync(Fill(h, read.OrderId, "x1", 10));

        Assert.Equal(1, await h.Gateway.CancelOpenOrdersAsync("test"));

        Assert.Single(h.Router.Cancelled);
        var stored = (await h.Ledger.GetAsync(placed.OrderId!))!;
        Assert.Equal((LedgerOrderStatus.Filled, 10L), (stored.Status, stored.FilledQuantity));
        Assert.Equal(10, (await h.Ledger.FillsAsync(placed.OrderId!)).Sum(f => f.Quantity));
    }

    [Fact]
    public async Task Update_ThatLosesEveryCompareAndSet_ThrowsAfterBoundedAttempts_AndPublishesNothing()
    {
        InterleavingLedger? seen = null;
        await using var h = await GatewayHarness.CreateAsync(recorderLedger: l => seen = new InterleavingLedger(l));
        var placed = await h.Gateway.SubmitAsync(Buy(10), null, null);
        var read = (await h.Ledger.GetAsync(placed.OrderId!))!;
        using var updates = new BusProbe<OrderUpdated>(h.Bus);
        seen!.LoseEveryUpdate = true;
        var updatesBefore = seen.UpdateCalls; // the acknowledgement of the send

        var ex = await Assert.ThrowsAsync<OrderUpdateConflictException>(() => h.Recorder.UpdateAsync(read, o => o.Cancelled("x"), OrderEventKind.Cancel));

        Assert.Equal(read.OrderId, ex.OrderId);
        Assert.Equal(5, seen.UpdateCalls - updatesBefore);
        Assert.Equal(LedgerOrderStatus.Sent, (await h.Ledger.GetAsync(read.OrderId))!.Status);
        await AssertNoStepAsync(h, updates, read.OrderId, null);
    }

    /// <summary>Events arrive on the subscriber's own queue in publish order: once a marker published now has arrived,
    /// every event published before it has too, so the absence of one is a fact and not a matter of waiting.</summary>
    private static async Task AssertNoStepAsync<T>(GatewayHarness h, BusProbe<T> probe, string orderId, OrderEventKind? kind) where T : notnull
    {
        var marker = LedgerOrder.NewIntent("marker", h.Clock.GetUtcNow(), "000660", Side.Buy, 1, OrderPriceType.Limit, 1m, null, null);
        object message = typeof(T) == typeof(OrderUpdated) ? new OrderUpdated(marker) : new OrderLifecycleEvent(OrderEventKind.Intent, marker.CreatedAt, marker);
        h.Bus.Publish((T)message);
        await probe.WaitAsync(r => r.Any(e => OrderOf(e).OrderId == "marker"), "the marker");
        Assert.DoesNotContain(probe.Received, e => OrderOf(e).OrderId == orderId && (kind is null || e is OrderLifecycleEvent l && l.Kind == kind));
    }

    private static LedgerOrder OrderOf(object e) => e switch
    {
        OrderUpdated u => u.Order,
        OrderLifecycleEvent l => l.Order,
        _ => throw new ArgumentException(e.GetType().Name),
    };

    /// <summary>The ledger, with another writer slipped in at a chosen moment.</summary>
    private sealed class InterleavingLedger(IOrderLedger inner) : DelegatingOrderLedger(inner)
    {
        /// <summary>Runs once, after the next read of an order has been taken and before it is returned.</summary>
        public Func<LedgerOrder, Task>? AfterNextRead { get; set; }
        /// <summary>Every update finds the status changed (and writes nothing), as if another writer always got there first.</summary>
        public bool LoseEveryUpdate { get; set; }
        public int UpdateCalls;

        public override async Task<LedgerOrder?> GetAsync(string orderId, CancellationToken ct = default)
        {
            var read = await Inner.GetAsync(orderId, ct);
            if (read is not null && AfterNextRead is { } hook)
            {
                AfterNextRead = null;
                await hook(read);
            }
            return read;
        }

        public override Task<bool> UpdateAsync(LedgerOrder order, LedgerOrderStatus expected, CancellationToken ct = default)
        {
            Interlocked.Increment(ref UpdateCalls);
            return LoseEveryUpdate ? Task.FromResult(false) : Inner.UpdateAsync(order, expected, ct);
        }
    }
}
