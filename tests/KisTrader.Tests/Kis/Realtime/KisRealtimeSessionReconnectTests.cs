using KisTrader.Core.Events;
using KisTrader.Core.Orders;
using KisTrader.Kis.Realtime;
using KisTrader.Testing;
using KisTrader.Tests.Kis.Realtime.Support;
using Microsoft.Extensions.Logging;

namespace KisTrader.Tests.Kis.Realtime;

/// <summary>Drops, key rejections and KIS refusals (§6.3): the session reconnects, resubscribes and uses the new keys.</summary>
public sealed class KisRealtimeSessionReconnectTests
{
    private const string Key2 = "Z9y8X7w6V5u4T3s2R1q0P9o8N7m6L5k4";
    private const string Iv2 = "k1J2h3G4f5D6s7A8";

    [Fact]
    public async Task ServerDrop_ReconnectsResubscribesEverythingAndUsesOnlyTheNewKeys()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.SubscribeTradesAsync(["005930"]);
        await h.Session.SubscribeOrderBookAsync(["000660"]);
        await h.Session.StartAsync();

        var first = await h.Server.NextConnectionAsync();
        var subscriptions1 = await first.ReceiveSubscriptionsAsync(3);
        await first.AckAllAsync(subscriptions1);
        var fill = GoldenFrames.Read("H0STCNI0_fill_26.plain.txt");
        await first.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 1, fill));
        await h.Events.NextAsync<ExecutionNoticeReceived>();
        await h.Events.StateAsync(FeedState.Connected);

        first.Abort();

        await h.Events.StateAsync(FeedState.Reconnecting);
        var second = await h.Server.NextConnectionAsync();
        var subscriptions2 = await second.ReceiveSubscriptionsAsync(3);
        await h.Events.StateAsync(FeedState.Connected);
        Assert.Equal(
            subscriptions1.Select(s => (s.TrId, s.TrKey)).Order(),
            subscriptions2.Select(s => (s.TrId, s.TrKey)).Order());
        Assert.All(subscriptions2, s => Assert.Equal("1", s.TrType));

        // Before the new acks, a frame under the previous connection's key must not decrypt: old keys are discarded.
        await second.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 1, fill));
        await second.AckAllAsync(subscriptions2, Key2, Iv2);
        await second.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 1, fill)); // nor after them
        await second.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 1, GoldenFrames.Read("H0STCNI0_ack_26.plain.txt"), Key2, Iv2));

        var notice = (await h.Events.NextAsync<ExecutionNoticeReceived>()).Notice;
        Assert.Equal(NoticeKind.OrderAck, notice.Kind);
        Assert.Equal(2, h.Status.MalformedFrames);
        Assert.True(h.Status.Reconnects >= 1);
        Assert.Equal(FeedState.Connected, h.Status.FeedState);
    }

    [Fact]
    public async Task InvalidApprovalKey_FetchesANewKeyAndReconnectsWithIt()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.StartAsync();
        var first = await h.Server.NextConnectionAsync();
        var request = await first.ReceiveSubscriptionAsync();
        Assert.Equal(FakeApprovalKeySource.KeyFor(1), request.ApprovalKey);

        await first.AckAsync(request.TrId, request.TrKey, "OPSP0011", "invalid approval : NOT FOUND", rtCd: "1");

        var second = await h.Server.NextConnectionAsync();
        var again = await second.ReceiveSubscriptionAsync();
        Assert.Equal(FakeApprovalKeySource.KeyFor(2), again.ApprovalKey);
        Assert.Equal([false, true], h.Keys.Calls);
    }

    [Fact]
    public async Task AppKeyInUse_LogsAnErrorAndRetriesOnlyAfterTheInUseDelay()
    {
        var time = new ManualTimeProvider(new DateTimeOffset(2025, 3, 3, 1, 0, 0, TimeSpan.Zero));
        await using var h = await SessionHarness.StartServerAsync(time, backoff: new ReconnectBackoff { InUseDelay = TimeSpan.FromSeconds(60) });
        await h.Session.StartAsync();
        var first = await h.Server.NextConnectionAsync();
        var request = await first.ReceiveSubscriptionAsync();

        await first.AckAsync(request.TrId, request.TrKey, "OPSP8996", "ALREADY IN USE appkey", rtCd: "1");
        await h.Events.StateAsync(FeedState.Reconnecting);

        var advanced = TimeSpan.Zero;
        while (!await h.Server.ConnectsWithinAsync(TimeSpan.FromMilliseconds(100)))
        {
            Assert.True(advanced < TimeSpan.FromMinutes(3), "the session never retried");
            time.Advance(TimeSpan.FromSeconds(5));
            advanced += TimeSpan.FromSeconds(5);
        }
        Assert.True(advanced >= TimeSpan.FromSeconds(60), $"retried after {advanced}");
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Error && e.Text.Contains("OPSP8996", StringComparison.Ordinal));
    }

    [Fact]
    public async Task MaxSubscribeOver_MarksTheRegistrationFailedInStatusAndKeepsTheSessionRunning()
    {
        await using var h = await SessionHarness.StartServerAsync(htsId: null);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        await h.Session.SubscribeTradesAsync(["005930", "000660"]);
        var requests = await conn.ReceiveSubscriptionsAsync(2);
        var accepted = requests.Single(r => r.TrKey == "005930");
        var refused = requests.Single(r => r.TrKey == "000660");

        await conn.AckAsync(accepted.TrId, accepted.TrKey);
        await conn.AckAsync(refused.TrId, refused.TrKey, "OPSP0008", "MAX SUBSCRIBE OVER", rtCd: "1");
        await conn.SendAsync(GoldenFrames.Read("H0STCNT0_single_46.txt"));
        await h.Events.NextAsync<TickReceived>();

        Assert.Equal([new Registration("H0STCNT0", "000660")], h.Session.FailedRegistrations);
        Assert.Contains("OPSP0008", h.Status.LastError);
        Assert.Contains(h.Logger.Entries, e => e.Level == LogLevel.Warning && e.Text.Contains("OPSP0008", StringComparison.Ordinal));
        Assert.Equal(FeedState.Connected, h.Session.State);
        Assert.Equal(2, h.Session.TradeSubscriptions.Count); // still desired: retried on the next connect
    }

    [Fact]
    public async Task AlreadySubscribed_IsBenignAndItsKeysAreUsed()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        var request = await conn.ReceiveSubscriptionAsync();

        await conn.AckAsync(request.TrId, request.TrKey, "OPSP0002", "ALREADY IN SUBSCRIBE", key: Key2, iv: Iv2);
        await conn.SendAsync(GoldenFrames.EncryptedFrame("H0STCNI9", 1, GoldenFrames.Read("H0STCNI0_fill_26.plain.txt"), Key2, Iv2));

        await h.Events.NextAsync<ExecutionNoticeReceived>();
        Assert.Empty(h.Session.FailedRegistrations);
        Assert.Equal(0, h.Status.Reconnects);
    }
}
