namespace KisTrader.Tests.Loopback.Support;

/// <summary>The system clock plus an offset a test can move forward. Timers and delays still run in real time, so
/// nothing hangs; only "now" jumps. Used to let the client's own once-a-minute token rule pass without waiting a minute.</summary>
public sealed class ShiftableClock : TimeProvider
{
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + TimeSpan.FromTicks(Interlocked.Read(ref _offsetTicks));

    public void Advance(TimeSpan by) => Interlocked.Add(ref _offsetTicks, by.Ticks);
}
