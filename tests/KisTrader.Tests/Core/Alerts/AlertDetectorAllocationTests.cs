using KisTrader.Core.Alerts;
using KisTrader.Core.Exchange;
using KisTrader.Core.Market;

namespace KisTrader.Tests.Core.Alerts;

/// <summary>The alert windows on the live feed's hot path (issue 18 goal 1): once a ticker's windows have filled, a tick
/// that raises nothing allocates nothing, also when a volume window completes and the baseline rolls.</summary>
public sealed class AlertDetectorAllocationTests
{
    private static readonly DateTimeOffset Open = new(2026, 12, 7, 0, 0, 0, TimeSpan.Zero); // 09:00 KST, Monday

    [Fact]
    public void OnTick_InSteadyState_AllocatesNothing()
    {
        var clock = new SteppedClock { Now = Open };
        var detector = new AlertDetector(new AlertOptions { IsSessionOpen = _ => true }, clock);
        string[] tickers = ["005930", "000660"];
        var cumulative = new long[tickers.Length];
        var second = 0;
        var alerts = 0;
        void Trade(int seconds)
        {
            for (var end = second + seconds; second < end; second++)
                for (var i = 0; i < tickers.Length; i++)
                {
                    var at = Open.AddSeconds(second);
                    clock.Now = at;
                    // A steady feed: the price moves a tick either way, the same volume every second (no alert).
                    var price = 70_000m + 100m * (second % 2);
                    cumulative[i] += 10;
                    alerts += detector.OnTick(new Tick(tickers[i], at, price, 0, 0, price, price, price, 10, cumulative[i], 0, price, price, 100, Side.Buy, false)).Count;
                }
        }

        // Past the 5-minute window, so the sample queues have reached their size.
        Trade(400);
        var before = GC.GetAllocatedBytesForCurrentThread();
        // 40 minutes: eight volume windows complete, so the 12-window baseline grows through 4, 8 and 12 entries.
        Trade(2_400);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(0, alerts);
        Assert.Equal(0, allocated);
    }

    /// <summary>A price falling steadily: after the first plunge alert every tick is a plunge candidate that the cooldown
    /// drops, and dropping one must not allocate either (it did: the cooldown's clean-up closure was built per call).</summary>
    [Fact]
    public void OnTick_OfCandidatesTheCooldownDrops_AllocatesNothing()
    {
        var clock = new SteppedClock { Now = Open };
        var detector = new AlertDetector(new AlertOptions { IsSessionOpen = _ => true }, clock);
        long cumulative = 0;
        var alerts = 0;
        void Trade(int from, int to)
        {
            for (var second = from; second < to; second++)
            {
                var at = Open.AddSeconds(second);
                clock.Now = at;
                // −0.02 % a second: −6 % over the 5-minute window, a plunge on every tick once the window has filled.
                var price = decimal.Round(100_000m * (1m - 0.0002m * second));
                cumulative += 10;
                alerts += detector.OnTick(new Tick("005930", at, price, 0, 0, price, price, price, 10, cumulative, 0, price, price, 100, Side.Sell, false)).Count;
            }
        }

        Trade(0, 400);
        Assert.Equal(1, alerts);
        var before = GC.GetAllocatedBytesForCurrentThread();
        // Five minutes more, inside the 10-minute cooldown of that alert.
        Trade(400, 700);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(1, alerts);
        Assert.Equal(0, allocated);
    }

    /// <summary>The injected clock, set by hand without allocating (the test counts every byte of the thread).</summary>
    private sealed class SteppedClock : TimeProvider
    {
        public DateTimeOffset Now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
