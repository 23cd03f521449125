using KisTrader.Core.Events;
using KisTrader.Kis.Realtime;
using KisTrader.Testing;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

/// <summary>The staleness watchdog, driven by a manual clock.</summary>
public sealed class KisRealtimeSessionWatchdogTests
{
    private static readonly DateTimeOffset MondayTenKst = new(2025, 3, 3, 10, 0, 0, TimeSpan.FromHours(9));
    private static readonly DateTimeOffset SaturdayTenKst = new(2025, 3, 8, 10, 0, 0, TimeSpan.FromHours(9));

    private static async Task<(SessionHarness H, ManualTimeProvider Time, ServerConnection Conn)> ConnectedAsync(
        DateTimeOffset start, Func<KisRealtimeSession, Task> subscribe)
    {
        var time = new ManualTimeProvider(start);
        var h = await SessionHarness.StartServerAsync(time, htsId: null,
            isMarketOpen: KrxSessionHours.IsRegularSession, staleAfter: TimeSpan.FromSeconds(30));
        await subscribe(h.Session);
        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        await conn.AckAllAsync(await conn.ReceiveSubscriptionsAsync(1));
        await h.Events.StateAsync(FeedState.Connected);
        return (h, time, conn);
    }

    [Fact]
    public async Task NoDataWhileMarketOpen_GoesStaleThenTheNextFrameRestoresConnected()
    {
        var (h, time, conn) = await ConnectedAsync(MondayTenKst, s => s.SubscribeTradesAsync(["005930"]));
        await using var _ = h;

        time.Advance(TimeSpan.FromSeconds(20));
        Assert.Equal(FeedState.Connected, h.Session.State);

        time.Advance(TimeSpan.FromSeconds(15));
        Assert.Equal(FeedState.Stale, h.Session.State);
        Assert.Equal(FeedState.Stale, h.Status.FeedState);
        var stale = await h.Events.StateAsync(FeedState.Stale);
        Assert.Equal(time.GetUtcNow(), stale.At);

        await conn.SendAsync(GoldenFrames.Read("H0STCNT0_single_46.txt"));

        var back = await h.Events.StateAsync(FeedState.Connected);
        Assert.Contains("resumed", back.Reason);
        Assert.Equal(FeedState.Connected, h.Status.FeedState);
    }

    [Fact]
    public async Task NoDataWhileMarketClosed_StaysConnected()
    {
        var (h, time, _) = await ConnectedAsync(SaturdayTenKst, s => s.SubscribeTradesAsync(["005930"]));
        await using var _h = h;

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(FeedState.Connected, h.Session.State);
        Assert.DoesNotContain(h.Events.All<FeedStateChanged>(), e => e.State == FeedState.Stale);
    }

    [Fact]
    public async Task OnlyOrderBookSubscriptions_NeverGoStale()
    {
        var (h, time, _) = await ConnectedAsync(MondayTenKst, s => s.SubscribeOrderBookAsync(["005930"]));
        await using var _h = h;

        time.Advance(TimeSpan.FromMinutes(5));

        Assert.Equal(FeedState.Connected, h.Session.State);
    }

    [Fact]
    public async Task DataKeepsArriving_NeverGoesStale()
    {
        var (h, time, conn) = await ConnectedAsync(MondayTenKst, s => s.SubscribeTradesAsync(["005930"]));
        await using var _h = h;

        for (var i = 0; i < 4; i++)
        {
            time.Advance(TimeSpan.FromSeconds(20));
            await conn.SendAsync(GoldenFrames.Read("H0STCNT0_single_46.txt"));
            await h.Events.NextAsync<TickReceived>();
        }

        Assert.Equal(FeedState.Connected, h.Session.State);
    }

    [Fact]
    public async Task UnsubscribingTheLastTradeWhileStale_ReturnsToConnected()
    {
        var (h, time, _) = await ConnectedAsync(MondayTenKst, s => s.SubscribeTradesAsync(["005930"]));
        await using var _h = h;
        time.Advance(TimeSpan.FromSeconds(35));
        Assert.Equal(FeedState.Stale, h.Session.State);

        await h.Session.UnsubscribeTradesAsync(["005930"]);

        Assert.Equal(FeedState.Connected, h.Session.State);
    }
}
