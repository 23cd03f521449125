namespace KisTrader.Core.Execution;

public sealed record FillTrackerOptions
{
    /// <summary>How often the broker's order list is polled while any order is open (catches fills the feed missed).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An unfilled limit order older than this is cancelled. Null keeps orders until the day ends.</summary>
    public TimeSpan? CancelStaleAfter { get; init; } = TimeSpan.FromMinutes(15);

    /// <summary>Whether the exchange takes cancels now; null = always (the always-open simulator). Outside the session a
    /// stale order is left alone: the broker refuses the cancel (장종료), and the day change closes the order.</summary>
    public Func<DateTimeOffset, bool>? IsSessionOpen { get; init; }
}
