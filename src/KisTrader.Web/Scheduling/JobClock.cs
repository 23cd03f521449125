namespace KisTrader.Web.Scheduling;

/// <summary>
/// The scheduler's time: the app's clock (<see cref="TimeProvider.System"/> in production, the accelerated calendar of
/// a demo or soak), not Hangfire's <c>DateTime.UtcNow</c> or the storage's clock.
/// </summary>
/// <param name="factor">How many times faster than the host the calendar runs (1 = real time).</param>
public sealed class JobClock(TimeProvider time, int factor)
{
    /// <summary>A fire seen later than this is skipped (misfire), as Quartz's 60-second threshold did; on an accelerated
    /// calendar the same 60 seconds of wall time, since what makes a fire late (a poll, a busy core, a queue) is wall time.</summary>
    public TimeSpan MisfireTolerance { get; } = TimeSpan.FromSeconds(60) * Math.Max(1, factor);

    /// <summary>How often (wall time) the recurring scheduler looks for due jobs: each second, or often enough that an
    /// accelerated calendar moves at most a few minutes between two looks.</summary>
    public TimeSpan PollInterval { get; } = factor <= 1 ? TimeSpan.FromSeconds(1) : TimeSpan.FromMilliseconds(Math.Max(50, 1000 / factor));

    public TimeProvider Time => time;

    public DateTime UtcNow() => time.GetUtcNow().UtcDateTime;
}
