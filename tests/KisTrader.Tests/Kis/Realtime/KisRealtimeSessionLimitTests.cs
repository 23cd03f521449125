using KisTrader.Core.Errors;
using KisTrader.Tests.Kis.Realtime.Support;

namespace KisTrader.Tests.Kis.Realtime;

/// <summary>41 registrations per session, one kept for the execution notice (§6.1): trades + order books ≤ 40.</summary>
public sealed class KisRealtimeSessionLimitTests
{
    private static IEnumerable<string> Codes(int from, int count) => Enumerable.Range(from, count).Select(i => i.ToString("000000"));

    [Fact]
    public async Task FortyMarketDataRegistrations_AreAcceptedAndTheFortyFirstThrowsAndAddsNothing()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.SubscribeTradesAsync(Codes(100000, 30));
        await h.Session.SubscribeOrderBookAsync(Codes(100000, 10));
        Assert.Equal(41, h.Status.SubscriptionCount);
        Assert.Equal(41, h.Status.SubscriptionLimit);

        await Assert.ThrowsAsync<TradingSystemException>(() => h.Session.SubscribeTradesAsync(["999999"]));
        await Assert.ThrowsAsync<TradingSystemException>(() => h.Session.SubscribeOrderBookAsync(["100011", "999998"]));

        Assert.Equal(30, h.Session.TradeSubscriptions.Count);
        Assert.Equal(10, h.Session.OrderBookSubscriptions.Count);
        Assert.DoesNotContain("999999", h.Session.TradeSubscriptions);
        Assert.DoesNotContain("100011", h.Session.OrderBookSubscriptions);
        Assert.Equal(41, h.Status.SubscriptionCount);
    }

    [Fact]
    public async Task ResubscribingExistingTickers_AtTheLimitIsANoOp()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.SubscribeTradesAsync(Codes(100000, 40));

        await h.Session.SubscribeTradesAsync(["100000", "100039"]);

        Assert.Equal(40, h.Session.TradeSubscriptions.Count);
    }

    [Fact]
    public async Task Unsubscribing_FreesARegistration()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.SubscribeTradesAsync(Codes(100000, 40));

        await h.Session.UnsubscribeTradesAsync(["100005"]);
        await h.Session.SubscribeOrderBookAsync(["100005"]);

        Assert.Equal(["100005"], h.Session.OrderBookSubscriptions);
    }

    [Fact]
    public async Task InvalidTicker_ThrowsAndAddsNothing()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await Assert.ThrowsAsync<TradingSystemException>(() => h.Session.SubscribeTradesAsync(["005930", "00 59"]));
        Assert.Empty(h.Session.TradeSubscriptions);
    }

    [Fact]
    public async Task SubscriptionsMadeWhileDisconnected_AreAllSentOnConnect()
    {
        await using var h = await SessionHarness.StartServerAsync();
        await h.Session.SubscribeTradesAsync(Codes(100000, 30));
        await h.Session.SubscribeOrderBookAsync(Codes(200000, 10));

        await h.Session.StartAsync();
        var conn = await h.Server.NextConnectionAsync();
        var sent = await conn.ReceiveSubscriptionsAsync(41);

        Assert.Equal("H0STCNI9", sent[0].TrId);
        Assert.Equal(30, sent.Count(s => s.TrId == "H0STCNT0"));
        Assert.Equal(Codes(200000, 10).Order(), sent.Where(s => s.TrId == "H0STASP0").Select(s => s.TrKey).Order());
    }
}
