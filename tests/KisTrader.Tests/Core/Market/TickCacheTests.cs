using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Market;

/// <summary>TickCache keeps the newest tick per ticker in a slot overwritten in place (issue 18 goal 1): what readers
/// observe is what the dictionary of ticks gave them, and a tick is never read half-written.</summary>
public sealed class TickCacheTests
{
    private static readonly DateTimeOffset Nine = new(2026, 12, 7, 9, 0, 0, KoreaTime.Offset);

    private static Tick At(string ticker, int second, decimal price, long volume = 1) =>
        new(ticker, Nine.AddSeconds(second), price, 0m, 0m, price, price, price, volume, volume, price * volume, price, price, 100m, null, false);

    [Fact]
    public void Update_KeepsTheNewest_WhenTicksArriveOutOfOrder()
    {
        var cache = new TickCache();
        cache.Update(At("005930", 10, 71_500m));
        cache.Update(At("005930", 5, 70_000m));
        Assert.True(cache.TryGet("005930", out var tick));
        Assert.Equal(At("005930", 10, 71_500m), tick);
        cache.Update(At("005930", 10, 71_600m));
        Assert.True(cache.TryGet("005930", out tick));
        Assert.Equal(71_600m, tick.Price);
    }

    [Fact]
    public void Remove_ForgetsTheTicker_AndALaterUpdateAddsItBack()
    {
        var cache = new TickCache();
        cache.Update(At("005930", 10, 71_500m));
        cache.Remove("005930");
        Assert.False(cache.TryGet("005930", out var none));
        Assert.Null(none.Ticker);
        Assert.Empty(cache.All);
        cache.Update(At("005930", 1, 70_000m));
        Assert.True(cache.TryGet("005930", out var tick));
        Assert.Equal(70_000m, tick.Price);
    }

    [Fact]
    public void All_HoldsTheLatestTickOfEachTicker()
    {
        var cache = new TickCache();
        cache.Update(At("005930", 1, 70_000m));
        cache.Update(At("000660", 1, 180_000m));
        cache.Update(At("005930", 2, 70_100m));
        Assert.Equal([("000660", 180_000m), ("005930", 70_100m)],
            cache.All.Select(t => (t.Ticker, t.Price)).OrderBy(p => p.Ticker, StringComparer.Ordinal));
    }

    [Fact]
    public void Update_OfAKnownTicker_AllocatesNothing()
    {
        var cache = new TickCache();
        var tick = At("005930", 1, 70_000m);
        for (var i = 0; i < 1_000; i++) cache.Update(tick);
        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1_000; i++) cache.Update(tick);
        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
    }

    /// <summary>Every tick written has all its prices equal to its volume: a reader that copied a slot while it was being
    /// overwritten would see two ticks' fields mixed.</summary>
    [Fact]
    public async Task Readers_NeverSeeATornTick_WhileTheFeedWrites()
    {
        var cache = new TickCache();
        cache.Update(At("005930", 1, 1m));
        const int Writes = 200_000;
        var writer = Task.Run(() =>
        {
            for (var n = 1; n <= Writes; n++)
                cache.Update(At("005930", n, n, n));
        });
        var reads = 0;
        while (!writer.IsCompleted || reads == 0)
        {
            Assert.True(cache.TryGet("005930", out var t));
            Assert.True(t.Price == t.Volume && t.High == t.Volume && t.BestBid == t.Volume && t.Time == Nine.AddSeconds(t.Volume),
                $"torn tick: price {t.Price}, high {t.High}, bid {t.BestBid}, volume {t.Volume}, time {t.Time:O}");
            reads++;
        }
        await writer;
        Assert.True(cache.TryGet("005930", out var last));
        Assert.Equal(Writes, last.Volume);
    }
}
