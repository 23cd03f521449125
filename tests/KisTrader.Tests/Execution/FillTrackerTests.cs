using KisTrader.Core.Decisions;
using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Execution;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Tests.Execution.Support;
using KisTrader.Tests.Loopback.Support;
using static KisTrader.Tests.Execution.Support.BrokerRows;

namespace KisTrader.Tests.Execution;

public sealed class FillTrackerTests
{
    private static PlannedOrder Buy(long qty) => new("000660", Side.Buy, qty, OrderPriceType.Limit, 20_000m, "t", 0.5m);

    private static ExecutionNotice Fill(string orderNo, long qty, decimal price, TimeOnly? at = null) =>
        new("6000000001", orderNo, null, Side.Buy, ModificationKind.Original, NoticeKind.Fill, false, "000660", "SK하이닉스", qty, price, 10, 20_000m, at ?? new TimeOnly(10, 0, 1), "00950");

    private static async Task<(GatewayHarness H, LedgerOrder Order)> SentOrderAsync(long qty = 10)
    {
        var h = await GatewayHarness.CreateAsync();
        // Orders are day orders: start at 10:00 KST so that the minutes a test moves on stay on the order's day.
        var kst = h.Clock.GetUtcNow().ToKst();
        var tenAm = new DateTimeOffset(kst.Date.AddHours(10), KoreaTime.Offset);
        h.Clock.Advance((tenAm > kst ? tenAm : tenAm.AddDays(1)) - kst);
        var r = await h.Gateway.SubmitAsync(Buy(qty), null, null);
        return (h, (await h.Ledger.GetAsync(r.OrderId!))!);
    }

    private static BrokerOrder Cumulative(GatewayHarness h, LedgerOrder o, long filled, decimal avg, bool cancelled = false) =>
        Row(h.Clock, o.BrokerOrderNo!, o.Ticker, o.Side, o.Quantity, o.LimitPrice!.Value, filled, avg, cancelled, at: o.CreatedAt);

    [Fact]
    public async Task Notices_PartialThenFull_MovePartiallyFilledThenFilled_WithTheAveragePrice()
    {
        var (h, o) = await SentOrderAsync();
        await using var _ = h;
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 4, 20_000m));
        var partial = await h.Ledger.GetAsync(o.OrderId);
        Assert.Equal((LedgerOrderStatus.PartiallyFilled, 4L), (partial!.Status, partial.FilledQuantity));
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 6, 19_950m));
        var filled = await h.Ledger.GetAsync(o.OrderId);
        Assert.Equal((LedgerOrderStatus.Filled, 10L, 19_970m), (filled!.Status, filled.FilledQuantity, filled.AverageFillPrice!.Value));
    }

    [Fact]
    public async Task NoticeThenPoll_DoNotDoubleCount()
    {
        var (h, o) = await SentOrderAsync();
        await using var _ = h;
        using var fills = new BusProbe<FillRecorded>(h.Bus);
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 3, 20_000m));
        h.Account.Orders.Add(Cumulative(h, o, 3, 20_000m));
        var tracker = h.Tracker();
        await tracker.PollOnceAsync();
        Assert.Equal(3, (await h.Ledger.GetAsync(o.OrderId))!.FilledQuantity);

        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 7, 20_000m));
        h.Account.Orders[0] = Cumulative(h, o, 10, 20_000m);
        await tracker.PollOnceAsync();
        var done = await h.Ledger.GetAsync(o.OrderId);
        Assert.Equal((LedgerOrderStatus.Filled, 10L), (done!.Status, done.FilledQuantity));
        Assert.Equal(10, (await h.Ledger.FillsAsync(o.OrderId)).Sum(f => f.Quantity));
        await fills.WaitAsync(r => r.Sum(f => f.Fill.Quantity) == 10, "fills totalling 10");
        Assert.Equal(2, fills.Received.Count);
    }

    [Fact]
    public async Task PollThenLateNotices_DoNotDoubleCount()
    {
        var (h, o) = await SentOrderAsync();
        await using var _ = h;
        // The feed missed the first two executions (3 + 3); polling sees 6 at an average of 20,025.
        h.Account.Orders.Add(Cumulative(h, o, 6, 20_025m));
        await h.Tracker().PollOnceAsync();
        var polled = await h.Ledger.GetAsync(o.OrderId);
        Assert.Equal((LedgerOrderStatus.PartiallyFilled, 6L, 20_025m), (polled!.Status, polled.FilledQuantity, polled.AverageFillPrice!.Value));

        // Then the two late notices arrive, and the third execution.
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 3, 20_000m));
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 3, 20_050m));
        Assert.Equal(6, (await h.Ledger.GetAsync(o.OrderId))!.FilledQuantity);
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 4, 20_000m));
        var done = await h.Ledger.GetAsync(o.OrderId);
        Assert.Equal((LedgerOrderStatus.Filled, 10L), (done!.Status, done.FilledQuantity));
        Assert.Equal(20_015m, done.AverageFillPrice);
    }

    [Fact]
    public async Task InterleavedChannels_AddUpToTheBrokersCumulativeQuantity()
    {
        var (h, o) = await SentOrderAsync();
        await using var _ = h;
        var tracker = h.Tracker();
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 3, 20_000m));       // feed: 3
        h.Account.Orders.Add(Cumulative(h, o, 6, 20_000m));
        await tracker.PollOnceAsync();                                              // poll: 6
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 3, 20_000m));       // feed: the 4th-6th shares, already counted
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 2, 20_000m));       // feed: 8
        await tracker.PollOnceAsync();                                              // poll still says 6: nothing
        Assert.Equal(8, (await h.Ledger.GetAsync(o.OrderId))!.FilledQuantity);
    }

    [Fact]
    public async Task Acknowledgements_RefusalRejects_AndCancelConfirmationCancels()
    {
        var h = await GatewayHarness.CreateAsync();
        await using var _ = h;
        var a = (await h.Ledger.GetAsync((await h.Gateway.SubmitAsync(Buy(1), null, null)).OrderId!))!;
        var b = (await h.Ledger.GetAsync((await h.Gateway.SubmitAsync(Buy(2), null, null)).OrderId!))!;
        await h.Recorder.ApplyNoticeAsync(Fill(a.BrokerOrderNo!, 1, 20_000m) with { Kind = NoticeKind.OrderAck, Refused = true });
        await h.Recorder.ApplyNoticeAsync(Fill("0000099999", 2, 20_000m) with { Kind = NoticeKind.OrderAck, Modification = ModificationKind.Cancel, OriginalOrderNo = b.BrokerOrderNo });
        Assert.Equal(LedgerOrderStatus.Rejected, (await h.Ledger.GetAsync(a.OrderId))!.Status);
        Assert.Equal(LedgerOrderStatus.Cancelled, (await h.Ledger.GetAsync(b.OrderId))!.Status);
    }

    [Fact]
    public async Task CancelConfirmation_ArrivingAfterTheLastFill_LeavesTheOrderFilled()
    {
        var (h, o) = await SentOrderAsync(qty: 5);
        await using var _ = h;
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 5, 20_000m));
        using var steps = new BusProbe<OrderLifecycleEvent>(h.Bus);

        await h.Recorder.ApplyNoticeAsync(Fill("0000099999", 5, 20_000m) with { Kind = NoticeKind.OrderAck, Modification = ModificationKind.Cancel, OriginalOrderNo = o.BrokerOrderNo });

        var after = (await h.Ledger.GetAsync(o.OrderId))!;
        Assert.Equal((LedgerOrderStatus.Filled, 5L), (after.Status, after.FilledQuantity));
        Assert.DoesNotContain(steps.Received, e => e.Kind == OrderEventKind.Cancel);
    }

    [Fact]
    public async Task FillNotice_BeyondTheOrdersQuantity_IsRefused_AndRecordsNothing()
    {
        var (h, o) = await SentOrderAsync(qty: 5);
        await using var _ = h;
        await h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 5, 20_000m));

        await Assert.ThrowsAsync<IllegalOrderTransitionException>(() => h.Recorder.ApplyNoticeAsync(Fill(o.BrokerOrderNo!, 2, 20_000m)));

        Assert.Equal(5, (await h.Ledger.GetAsync(o.OrderId))!.FilledQuantity);
        Assert.Single(await h.Ledger.FillsAsync(o.OrderId));
    }

    [Fact]
    public async Task Notice_ForAnOrderThatIsNotOurs_ChangesNothing()
    {
        var (h, o) = await SentOrderAsync();
        await using var _ = h;
        Assert.Null(await h.Recorder.ApplyNoticeAsync(Fill("0000123456", 5, 20_000m)));
        Assert.Equal(0, (await h.Ledger.GetAsync(o.OrderId))!.FilledQuantity);
    }

    [Fact]
    public async Task Started_FollowsTheNoticeFeed_AndPollsWhatTheFeedMissed()
    {
        var (h, o) = await SentOrderAsync();
        await using var _ = h;
        await using var tracker = h.Tracker(new FillTrackerOptions { PollInterval = TimeSpan.FromMilliseconds(50) });
        using var fills = new BusProbe<FillRecorded>(h.Bus);
        using var updates = new BusProbe<OrderUpdated>(h.Bus);
        tracker.Start();

        h.Bus.Publish(new ExecutionNoticeReceived(Fill(o.BrokerOrderNo!, 4, 20_000m)));
        await fills.WaitAsync(r => r.Sum(f => f.Fill.Quantity) == 4, "the notice's fill");
        lock (h.Account.Orders) h.Account.Orders.Add(Cumulative(h, o, 10, 20_000m));
        await updates.WaitAsync(r => r.Any(u => u.Order.OrderId == o.OrderId && u.Order.Status == LedgerOrderStatus.Filled), "the polled fill completing the order");
        var all = await fills.WaitAsync(r => r.Sum(f => f.Fill.Quantity) == 10, "fills totalling 10");
        Assert.Equal(["notice", "poll"], all.Select(f => f.Fill.Source));
        Assert.Equal(10, (await h.Ledger.GetAsync(o.OrderId))!.FilledQuantity);
    }

    [Fact]
    public async Task Poll_CancelsUnfilledLimitOrders_OnlyOnceTheyAreStale()
    {
        var (h, o) = await SentOrderAsync();
        await using var _ = h;
        h.Account.Orders.Add(Cumulative(h, o, 2, 20_000m));
        var tracker = h.Tracker(new FillTrackerOptions { CancelStaleAfter = TimeSpan.FromMinutes(15) });
        h.Clock.Advance(TimeSpan.FromMinutes(14));
        await tracker.PollOnceAsync();
        Assert.Empty(h.Router.Cancelled);
        h.Clock.Advance(TimeSpan.FromMinutes(1));
        await tracker.PollOnceAsync();
        Assert.Equal(o.BrokerOrderNo, h.Router.Cancelled.Single().Original.OrderNo);
        var after = await h.Ledger.GetAsync(o.OrderId);
        Assert.Equal((LedgerOrderStatus.Cancelled, 2L), (after!.Status, after.FilledQuantity));
    }
}

public sealed class DayOrderExpiryTests
{
    private static async Task<(GatewayHarness H, LedgerOrder Order)> SentAtTenAsync()
    {
        var h = await GatewayHarness.CreateAsync();
        var kst = h.Clock.GetUtcNow().ToKst();
        var tenAm = new DateTimeOffset(kst.Date.AddHours(10), KoreaTime.Offset);
        h.Clock.Advance((tenAm > kst ? tenAm : tenAm.AddDays(1)) - kst);
        var r = await h.Gateway.SubmitAsync(new PlannedOrder("000660", Side.Buy, 10, OrderPriceType.Limit, 20_000m, "t", 0.5m), null, null);
        return (h, (await h.Ledger.GetAsync(r.OrderId!))!);
    }

    [Fact]
    public async Task Poll_ClosesAnOpenOrderOfAnEarlierDay_WithWhatItFilled_WithoutSendingACancel()
    {
        // Found by the soak: a day order the exchange expired at the close stayed Sent, and the stale-order cancel was
        // refused at every poll through the night and the weekend (장종료, 영업일이 아닙니다, nothing left to cancel).
        var (h, o) = await SentAtTenAsync();
        await using var _ = h;
        h.Account.Orders.Add(Row(h.Clock, o.BrokerOrderNo!, o.Ticker, o.Side, o.Quantity, o.LimitPrice!.Value, 3, 20_000m, false, at: o.CreatedAt));
        var tracker = h.Tracker(new FillTrackerOptions { CancelStaleAfter = TimeSpan.FromMinutes(15), IsSessionOpen = _ => true });
        h.Clock.Advance(TimeSpan.FromDays(1));
        await tracker.PollOnceAsync();
        Assert.Empty(h.Router.Cancelled);
        var after = await h.Ledger.GetAsync(o.OrderId);
        Assert.Equal((LedgerOrderStatus.Cancelled, 3L), (after!.Status, after.FilledQuantity));
        Assert.Contains("expired at the close", after.LastError);
        Assert.Equal(0, await tracker.PollOnceAsync());
    }

    [Fact]
    public async Task Poll_LeavesAStaleOrderAlone_WhileTheSessionIsClosed()
    {
        var (h, o) = await SentAtTenAsync();
        await using var _ = h;
        var open = true;
        var tracker = h.Tracker(new FillTrackerOptions { CancelStaleAfter = TimeSpan.FromMinutes(15), IsSessionOpen = _ => open });
        h.Clock.Advance(TimeSpan.FromMinutes(20));
        open = false;
        await tracker.PollOnceAsync();
        Assert.Empty(h.Router.Cancelled);
        Assert.Equal(LedgerOrderStatus.Sent, (await h.Ledger.GetAsync(o.OrderId))!.Status);
        open = true;
        await tracker.PollOnceAsync();
        Assert.Single(h.Router.Cancelled);
    }
}

public sealed class EarlyNoticeTests
{
    [Fact]
    public async Task FillNotice_ArrivingBeforeTheOrdersRestAnswer_IsStillRecordedFromTheFeed()
    {
        await using var h = await GatewayHarness.CreateAsync();
        h.Router.Answer = req =>
        {
            var accepted = h.Router.Accept();
            // The exchange fills instantly; its notice beats the REST answer to us.
            var notice = new ExecutionNotice("6000000001", accepted.OrderId!.OrderNo, null, Side.Buy, ModificationKind.Original, NoticeKind.Fill, false,
                req.Ticker, null, req.Quantity, 20_000m, req.Quantity, 20_000m, new TimeOnly(10, 0), "00950");
            Assert.Null(h.Recorder.ApplyNoticeAsync(notice).GetAwaiter().GetResult());
            return accepted;
        };

        var result = await h.Gateway.SubmitAsync(new("000660", Side.Buy, 7, OrderPriceType.Limit, 20_000m, "t", 0.5m), null, null);

        var order = await h.Ledger.GetAsync(result.OrderId!);
        Assert.Equal((LedgerOrderStatus.Filled, 7L), (order!.Status, order.FilledQuantity));
        Assert.Equal(LedgerRecorder.NoticeSource, Assert.Single(await h.Ledger.FillsAsync(result.OrderId!)).Source);
    }
}
