using KisTrader.Core.Events;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;
using KisTrader.Tests.Kis.TestSupport;

namespace KisTrader.Tests.Core.Events;

/// <summary>The bus's promises to the realtime feed (issue 18 goal 1): publishing a tick allocates nothing, every
/// subscriber gets its own queue (a slow one delays neither the feed nor the others), a failing handler is reported and
/// the next message still delivered, and a disposed subscription receives nothing more.</summary>
public sealed class InMemoryEventBusTests
{
    private static TickReceived At(int second) => new(new Tick("005930", new DateTimeOffset(2026, 12, 7, 0, 0, second % 60, TimeSpan.Zero),
        70_000m + second, 0, 0, 70_000m, 70_000m, 70_000m, 1, second, 0, 70_000m, 70_000m, 100, Side.Buy, false));

    [Fact]
    public async Task Publish_OfATickToASubscriberThatKeepsUp_AllocatesNothingOnTheFeedThread()
    {
        using var bus = new InMemoryEventBus();
        long delivered = 0;
        using var _ = bus.Subscribe<TickReceived>((_, _) => { Interlocked.Increment(ref delivered); return ValueTask.CompletedTask; });
        var tick = At(1);
        for (var i = 0; i < 1_000; i++) bus.Publish(tick);
        await Eventually.True(() => Interlocked.Read(ref delivered) == 1_000);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 500; i++) bus.Publish(tick);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, allocated);
        await Eventually.True(() => Interlocked.Read(ref delivered) == 1_500);
    }

    [Fact]
    public async Task ASlowSubscriber_DelaysNeitherThePublisherNorAnotherSubscriber()
    {
        using var bus = new InMemoryEventBus();
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        long fast = 0;
        using var slow = bus.Subscribe<TickReceived>(async (_, _) => await release.Task);
        using var quick = bus.Subscribe<TickReceived>((_, _) => { Interlocked.Increment(ref fast); return ValueTask.CompletedTask; });

        for (var i = 0; i < 100; i++) bus.Publish(At(i));

        await Eventually.True(() => Interlocked.Read(ref fast) == 100);
        release.SetResult();
    }

    [Fact]
    public async Task ASubscriberFallingBehind_LosesItsOldestMessages_AndGetsTheNewest()
    {
        using var bus = new InMemoryEventBus();
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var release = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var seen = new List<long>();
        using var _ = bus.Subscribe<TickReceived>(async (e, _) =>
        {
            started.TrySetResult();
            await release.Task;
            lock (seen) seen.Add(e.Tick.CumulativeVolume);
        });
        bus.Publish(At(0));
        await started.Task.WaitAsync(TimeSpan.FromSeconds(10));

        // The handler holds the first; 1,500 more queue behind it, where 1,000 fit: the oldest 500 are dropped.
        for (var i = 1; i <= 1_500; i++) bus.Publish(At(i));
        release.SetResult();

        await Eventually.True(() => { lock (seen) return seen.Count == 1_001; });
        lock (seen)
            Assert.Equal([0L, .. Enumerable.Range(501, 1_000).Select(i => (long)i)], seen);
    }

    [Fact]
    public async Task AFailingHandler_IsReported_AndTheNextMessageStillDelivered()
    {
        var errors = new List<Exception>();
        using var bus = new InMemoryEventBus(ex => { lock (errors) errors.Add(ex); });
        var seen = 0;
        using var _ = bus.Subscribe<TickReceived>((e, _) =>
        {
            if (e.Tick.CumulativeVolume == 1) throw new InvalidOperationException("boom");
            Interlocked.Increment(ref seen);
            return ValueTask.CompletedTask;
        });

        bus.Publish(At(1));
        bus.Publish(At(2));

        await Eventually.True(() => Volatile.Read(ref seen) == 1);
        lock (errors) Assert.Equal("boom", Assert.Single(errors).Message);
    }

    [Fact]
    public async Task MessagesPublishedWhileTheSubscriberLingersOrWaits_AreAllDelivered_InOrder()
    {
        using var bus = new InMemoryEventBus();
        var seen = new List<long>();
        using var _ = bus.Subscribe<TickReceived>((e, _) => { lock (seen) seen.Add(e.Tick.CumulativeVolume); return ValueTask.CompletedTask; });

        // Bursts of 1 to 7 messages; after each, wait until the burst has arrived, by spinning (the next burst then
        // finds the subscriber lingering after it) or by polling every 10 ms (it finds it waiting on its channel).
        var published = 0;
        for (var burst = 0; burst < 60; burst++)
        {
            for (var i = 0; i <= burst % 7; i++) bus.Publish(At(++published));
            var expected = published;
            bool Arrived() { lock (seen) return seen.Count == expected; }
            if (burst % 2 == 0)
                Assert.True(SpinWait.SpinUntil(Arrived, TimeSpan.FromSeconds(10)), $"burst {burst} did not arrive");
            else
                await Eventually.True(Arrived);
        }

        lock (seen)
            Assert.Equal(Enumerable.Range(1, published).Select(i => (long)i), seen);
    }

    [Fact]
    public async Task ADisposedSubscription_ReceivesNothingMore()
    {
        using var bus = new InMemoryEventBus();
        long kept = 0, disposed = 0;
        using var keep = bus.Subscribe<TickReceived>((_, _) => { Interlocked.Increment(ref kept); return ValueTask.CompletedTask; });
        var gone = bus.Subscribe<TickReceived>((_, _) => { Interlocked.Increment(ref disposed); return ValueTask.CompletedTask; });
        bus.Publish(At(1));
        await Eventually.True(() => Interlocked.Read(ref disposed) == 1 && Interlocked.Read(ref kept) == 1);

        gone.Dispose();
        bus.Publish(At(2));

        // The kept subscriber got the second message, so it was published after the other's disposal took effect.
        await Eventually.True(() => Interlocked.Read(ref kept) == 2);
        Assert.Equal(1, Interlocked.Read(ref disposed));
    }
}
