using System.Net.WebSockets;
using KisTrader.Core.Events;
using KisTrader.Core.Orders;
using KisTrader.Kis;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

/// <summary>The session against a scripted loopback KIS server: subscriptions, acks, data, PINGPONG, malformed input, stop.</summary>
public sealed class KisRealtimeSessionTests
{
    [Fact]
    public async Task Connect_SubscribesExecutionNoticeWithHtsIdThenSendsNewSubscriptionsInSection62Shape()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();

        var notice = await conn.ReceiveSubscriptionAsync();
        Assert.Equal(("H0STCNI9", SessionHarness.HtsId, "1", "P", "utf-8"), (notice.TrId, notice.TrKey, notice.TrType, notice.CustType, notice.ContentType));
        Assert.Equal(h.Keys.Current, notice.ApprovalKey);

        await h.Session.SubscribeTradesAsync(["005930"]);
        var trade = await conn.ReceiveSubscriptionAsync();
        Assert.Equal(("H0STCNT0", "005930", "1"), (trade.TrId, trade.TrKey, trade.TrType));

        await h.Session.SubscribeOrderBookAsync(["000660"]);
        var book = await conn.ReceiveSubscriptionAsync();
        Assert.Equal(("H0STASP0", "000660", "1"), (book.TrId, book.TrKey, book.TrType));

        await h.Session.UnsubscribeTradesAsync(["005930"]);
        var unsubscribe = await conn.ReceiveSubscriptionAsync();
        Assert.Equal(("H0STCNT0", "005930", "2"), (unsubscribe.TrId, unsubscribe.TrKey, unsubscribe.TrType));

        Assert.Empty(h.Session.TradeSubscriptions);
        Assert.Equal(["000660"], h.Session.OrderBookSubscriptions);
        Assert.Equal(2, h.Status.SubscriptionCount); // notice + one book
    }

    [Fact]
    public async Task RealEnvironment_SubscribesH0STCNI0()
    {
        await using var h = await SessionHarness.StartServerAsync(environment: KisEnvironmentKind.Real);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        Assert.Equal("H0STCNI0", (await conn.ReceiveSubscriptionAsync()).TrId);
    }

    [Fact]
    public async Task WithoutHtsId_NoExecutionNoticeIsSubscribed()
    {
        await using var h = await SessionHarness.StartServerAsync(htsId: null);
        await h.Session.SubscribeTradesAsync(["005930"]);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();

        var first = await conn.ReceiveSubscriptionAsync();
        Assert.Equal(("H0STCNT0", "005930"), (first.TrId, first.TrKey));
        Assert.Equal(1, h.Status.SubscriptionCount);
    }

    [Fact]
    public async Task AckKeys_DecryptTheExecutionNoticeAndDataIsPublishedOnTheBus()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.SubscribeTradesAsync(["005930"]);
        await h.Session.SubscribeOrderBookAsync(["005930"]);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        await conn.AckAllAsync(await conn.ReceiveSubscriptionsAsync(3));

        await conn.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 1, GoldenFrames.Read("H0STCNI0_fill_26.plain.txt")));
        await conn.SendAsync(GoldenFrames.Read("H0STCNT0_single_46.txt"));
        await conn.SendAsync(GoldenFrames.Read("H0STASP0_59.txt"));

        var notice = (await h.Events.NextAsync<ExecutionNoticeReceived>()).Notice;
        Assert.Equal((NoticeKind.Fill, "0000012345", 10L, 71900m), (notice.Kind, notice.OrderNo, notice.Quantity, notice.Price));
        var tick = (await h.Events.NextAsync<TickReceived>()).Tick;
        Assert.Equal(("005930", 71900m), (tick.Ticker, tick.Price));
        var book = (await h.Events.NextAsync<OrderBookReceived>()).Book;
        Assert.Equal(71900m, book.Asks[0].Price);
        Assert.Equal(0, h.Status.MalformedFrames);
        Assert.NotNull(h.Status.LastDataAt);
    }

    [Fact]
    public async Task PingPong_IsEchoedBackIdentically()
    {
        await using var h = await SessionHarness.StartServerAsync(htsId: null);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        const string ping = """{"header":{"tr_id":"PINGPONG","datetime":"20250303100102"}}""";

        await conn.SendAsync(ping);

        Assert.Equal(ping, await conn.ReceiveAsync());
    }

    [Fact]
    public async Task MessageSpanningSeveralWebSocketFrames_IsReassembled()
    {
        await using var h = await SessionHarness.StartServerAsync(htsId: null);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();

        await conn.SendFragmentedAsync(GoldenFrames.Read("H0STCNT0_multi_2x46.txt"), pieces: 5);

        Assert.Equal("005930", (await h.Events.NextAsync<TickReceived>()).Tick.Ticker);
        Assert.Equal("000660", (await h.Events.NextAsync<TickReceived>()).Tick.Ticker);
        Assert.Equal(0, h.Status.MalformedFrames);
    }

    [Fact]
    public async Task MalformedMessages_AreCountedAndSkippedAndTheSessionKeepsRunning()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        await conn.AckAllAsync([await conn.ReceiveSubscriptionAsync()]);

        await conn.SendAsync(GoldenFrames.Read("Malformed_bad_count.txt"));
        await conn.SendAsync(GoldenFrames.Read("Malformed_bad_number.txt"));
        await conn.SendAsync(GoldenFrames.Read("Malformed_bad_base64.txt").Replace("H0STCNI0", "H0STCNI9", StringComparison.Ordinal));
        await conn.SendAsync("{not json");
        await conn.SendAsync("garbage");
        await conn.SendAsync(GoldenFrames.Read("H0STCNT0_single_46.txt"));

        Assert.Equal("005930", (await h.Events.NextAsync<TickReceived>()).Tick.Ticker);
        Assert.Equal(5, h.Status.MalformedFrames);
        Assert.True(h.Status.FramesReceived >= 7);
        Assert.Equal(FeedState.Connected, h.Session.State);
        Assert.Equal(FeedState.Connected, h.Status.FeedState);
        Assert.Equal(5, h.Logger.Entries.Count(e => e.Text.Contains("Malformed", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task Logs_NeverContainApprovalKeyAesKeysHtsIdOrAccountNumber()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        await conn.AckAllAsync([await conn.ReceiveSubscriptionAsync()]);
        var fill = GoldenFrames.Read("H0STCNI0_fill_26.plain.txt");
        await conn.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 2, fill)); // wrong count: malformed, logged
        await conn.AckAsync("H0STCNT0", "005930", "OPSP0008", "MAX SUBSCRIBE OVER " + h.Keys.Current, rtCd: "1");
        await conn.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 1, fill));
        await h.Events.NextAsync<ExecutionNoticeReceived>();
        conn.Abort();
        await h.Server.NextConnectionAsync();

        var log = string.Join("\n", h.Logger.Entries.Select(e => e.Text));
        Assert.Contains("Malformed", log);
        Assert.DoesNotContain(h.Keys.Current, log);
        Assert.DoesNotContain(GoldenFrames.TestKey, log);
        Assert.DoesNotContain(GoldenFrames.TestIv, log);
        Assert.DoesNotContain(SessionHarness.HtsId, log);
        Assert.DoesNotContain("8123456701", log);
        Assert.DoesNotContain(h.Keys.Current, h.Status.LastError ?? "");
    }

    [Fact]
    public async Task Stop_ClosesTheSocketNormallyAndDoesNotReconnect()
    {
        await using var h = await SessionHarness.StartServerAsync(htsId: null);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        await h.Events.StateAsync(FeedState.Connected);

        await h.Session.StopAsync();

        await conn.Closed.WaitAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(WebSocketCloseStatus.NormalClosure, conn.CloseStatus);
        Assert.Equal(FeedState.Disconnected, h.Session.State);
        Assert.Equal(FeedState.Disconnected, h.Status.FeedState);
        Assert.False(await h.Server.ConnectsWithinAsync(TimeSpan.FromMilliseconds(300)));
        Assert.Equal(0, h.Status.Reconnects);
    }
}
