using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Core.Orders;
using KisTrader.Kis.Realtime;
using KisTrader.Tests.Loopback.Support;

namespace KisTrader.Tests.Loopback;

/// <summary>The real realtime session against the simulator's WebSocket in paper mode (H0STCNT0 and the encrypted
/// H0STCNI9): reconnect and resubscribe, execution notices of fills and partial fills, and the paper ranking fallback.
/// The disconnect fault hits every session of the simulator; tests in this class run one at a time.</summary>
public sealed class RealtimeLoopbackTests(PaperSimulatorFixture sim) : IClassFixture<PaperSimulatorFixture>
{
    /// <summary>Registrations go out execution notice first and the simulator handles them in order, so the first
    /// tick proves the notice subscription is in place before a test places an order.</summary>
    private static async Task<KisRealtimeSession> StartWithTicksAsync(LoopbackClient c, BusProbe<TickReceived> ticks, string code)
    {
        var session = await c.StartRealtimeAsync();
        await session.SubscribeTradesAsync([code]);
        await ticks.WaitAsync(r => r.Any(t => t.Tick.Ticker == code), $"a first tick of {code}");
        return session;
    }

    private async Task<BrokerOrder> OrderAsync(LoopbackClient c, string orderNo)
    {
        var today = sim.Host.TradingDate();
        return Assert.Single(await c.Client.Account.GetOrdersAsync(today, today), o => o.OrderNo == orderNo);
    }

    [Fact]
    public async Task InjectedDisconnect_ReconnectsResubscribesAndTicksFlowAgain()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(11);
        using var ticks = new BusProbe<TickReceived>(c.Bus);
        using var states = new BusProbe<FeedStateChanged>(c.Bus);
        var session = await StartWithTicksAsync(c, ticks, code);
        Assert.Equal(FeedState.Connected, session.State);
        var statesBefore = states.Received.Count;

        sim.Host.Faults.DisconnectWebSockets();

        await states.WaitAsync(r => r.Skip(statesBefore).SkipWhile(s => s.State != FeedState.Reconnecting).Any(s => s.State == FeedState.Connected),
            "Reconnecting, then Connected");
        var ticksAtReconnect = ticks.Received.Count(t => t.Tick.Ticker == code);
        // A few more than could still have been in flight from the dropped connection.
        await ticks.WaitAsync(r => r.Count(t => t.Tick.Ticker == code) >= ticksAtReconnect + 5, "ticks after resubscribing");
        Assert.True(c.Status.Reconnects >= 1);
        Assert.Equal([code], session.TradeSubscriptions);
        Assert.Empty(session.FailedRegistrations);
    }

    [Fact]
    public async Task SilencedFeed_IsMarkedStale_AndConnectedAgainWhenDataReturns()
    {
        await using var c = LoopbackClient.Create(sim.Host, staleFeedAfter: TimeSpan.FromSeconds(1));
        var code = LoopbackUniverse.Liquid(13);
        using var ticks = new BusProbe<TickReceived>(c.Bus);
        using var states = new BusProbe<FeedStateChanged>(c.Bus);
        var session = await StartWithTicksAsync(c, ticks, code);
        try
        {
            sim.Host.Faults.Update(f => f.SilenceFeed = true);
            await states.WaitAsync(r => r.Any(s => s.State == FeedState.Stale), "the feed marked stale");
            Assert.Equal(FeedState.Stale, c.Status.FeedState);
        }
        finally
        {
            sim.Host.Faults.Update(f => f.SilenceFeed = false);
        }
        await states.WaitAsync(r => r.SkipWhile(s => s.State != FeedState.Stale).Any(s => s.State == FeedState.Connected), "Connected after Stale");
        Assert.Equal(FeedState.Connected, session.State);
    }

    [Fact]
    public async Task ExecutionNotices_AreDecryptedIntoAckAndFillsOfTheOrder()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Liquid(12);
        using var ticks = new BusProbe<TickReceived>(c.Bus);
        using var notices = new BusProbe<ExecutionNoticeReceived>(c.Bus);
        await StartWithTicksAsync(c, ticks, code);

        var placed = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Market, 5, null));
        Assert.Equal(SubmissionStatus.Accepted, placed.Status);
        var orderNo = placed.OrderId!.OrderNo;

        var received = await notices.WaitAsync(r =>
                r.Any(n => n.Notice.OrderNo == orderNo && n.Notice.Kind == NoticeKind.OrderAck)
                && r.Where(n => n.Notice.OrderNo == orderNo && n.Notice.Kind == NoticeKind.Fill).Sum(n => n.Notice.Quantity) == 5,
            "the acknowledgement and fills of 5 shares");
        var mine = received.Select(n => n.Notice).Where(n => n.OrderNo == orderNo).ToList();
        var ack = mine.First(n => n.Kind == NoticeKind.OrderAck);
        Assert.Equal((Side.Buy, code, false, ModificationKind.Original, 5L), (ack.Side, ack.Ticker, ack.Refused, ack.Modification, ack.OrderQuantity));
        Assert.Equal(c.Options.FullAccountNumber, ack.AccountNo);
        var fills = mine.Where(n => n.Kind == NoticeKind.Fill).ToList();
        Assert.All(fills, f => Assert.Equal((Side.Buy, code, false), (f.Side, f.Ticker, f.Refused)));
        var order = await OrderAsync(c, orderNo);
        Assert.Equal(order.FilledAmount, fills.Sum(f => f.Quantity * f.Price));
        Assert.Equal(5, order.FilledQuantity);
    }

    [Fact]
    public async Task PartialFill_NoticesPartialQuantities_ThenTheRestIsCancelled()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        var code = LoopbackUniverse.Thin;
        using var ticks = new BusProbe<TickReceived>(c.Bus);
        using var notices = new BusProbe<ExecutionNoticeReceived>(c.Bus);
        await StartWithTicksAsync(c, ticks, LoopbackUniverse.Liquid(13));
        var inst = sim.Host.Exchange.Instrument(code)!;
        var book = await c.Client.MarketData.GetOrderBookAsync(code);
        // Two ticks through the best ask: fills even if the quote moves, but far more than the few shares offered.
        var price = KrxRules.StepTicks(book.Asks[0].Price, 2, inst.Market, InstrumentKind.Stock, inst.TradingDate);
        var quantity = book.Asks.Sum(a => a.Quantity) + 2_000;

        var placed = await c.Client.Orders.PlaceAsync(new OrderRequest(code, Side.Buy, OrderPriceType.Limit, quantity, price));
        Assert.Equal(SubmissionStatus.Accepted, placed.Status);
        var orderNo = placed.OrderId!.OrderNo;
        await notices.WaitAsync(r => r.Any(n => n.Notice.OrderNo == orderNo && n.Notice.Kind == NoticeKind.Fill), "a first fill notice");
        var partly = await OrderAsync(c, orderNo);
        Assert.InRange(partly.FilledQuantity, 1, quantity - 1);
        Assert.Equal(quantity - partly.FilledQuantity, partly.RemainingQuantity);
        Assert.True(partly.IsOpen);

        var cancel = await c.Client.Orders.CancelAsync(new ModifyRequest(placed.OrderId, code, OrderPriceType.Limit, null, null));
        Assert.Equal(SubmissionStatus.Accepted, cancel.Status);

        var original = await OrderAsync(c, orderNo);
        var cancelRow = await OrderAsync(c, cancel.OrderId!.OrderNo);
        Assert.Equal(0, original.RemainingQuantity);
        Assert.InRange(original.FilledQuantity, partly.FilledQuantity, quantity - 1);
        Assert.True(cancelRow.Cancelled);
        Assert.Equal((orderNo, quantity - original.FilledQuantity), (cancelRow.OriginalOrderNo, cancelRow.Quantity));
        var received = await notices.WaitAsync(r =>
                r.Any(n => n.Notice.Modification == ModificationKind.Cancel && n.Notice.OriginalOrderNo == orderNo)
                && r.Where(n => n.Notice.OrderNo == orderNo && n.Notice.Kind == NoticeKind.Fill).Sum(n => n.Notice.Quantity) == original.FilledQuantity,
            "the cancel notice and fill notices adding up to the filled quantity");
        var fills = received.Select(n => n.Notice).Where(n => n.OrderNo == orderNo && n.Kind == NoticeKind.Fill).ToList();
        Assert.All(fills, f => Assert.True(f.Quantity < quantity && f.Price <= price));
        Assert.Equal(original.FilledAmount, fills.Sum(f => f.Quantity * f.Price));
        var cancelNotice = received.Select(n => n.Notice).First(n => n.Modification == ModificationKind.Cancel && n.OriginalOrderNo == orderNo);
        Assert.Equal(cancel.OrderId.OrderNo, cancelNotice.OrderNo);
    }

    [Fact]
    public async Task Rankings_InPaper_AreComputedFromTheRealtimeTicks()
    {
        await using var c = LoopbackClient.Create(sim.Host);
        string[] codes = [LoopbackUniverse.Liquid(14), LoopbackUniverse.Liquid(15), LoopbackUniverse.Liquid(16)];
        using var ticks = new BusProbe<TickReceived>(c.Bus);
        var session = await c.StartRealtimeAsync();
        await session.SubscribeTradesAsync(codes);
        await ticks.WaitAsync(r => codes.All(code => r.Any(t => t.Tick.Ticker == code)), "ticks of all three tickers");
        await Eventually(() => codes.All(code => c.Ticks.TryGet(code, out _)));

        var ranking = await c.Client.MarketData.GetRankingAsync(RankingKind.Volume);

        Assert.Equal(DataSource.Computed, ranking.Source);
        Assert.Equal(codes.Order(StringComparer.Ordinal), ranking.Entries.Select(e => e.Ticker).Order(StringComparer.Ordinal));
        Assert.Equal(ranking.Entries.Select(e => e.Volume).OrderDescending(), ranking.Entries.Select(e => e.Volume));
        Assert.All(ranking.Entries, e => Assert.True(e.Volume > 0));
        Assert.DoesNotContain(c.Wire.Exchanges, e => e.TrId is "FHPST01710000" or "FHPST01700000");
    }

    private static async Task Eventually(Func<bool> condition)
    {
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(10));
        while (!condition()) await Task.Delay(10, timeout.Token);
    }
}
