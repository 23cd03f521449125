namespace KisTrader.Core.Execution;

public sealed record FillTrackerOptions
{
    /// <summary>How often the broker's order list is polled while any order is open (catches fills the feed missed).</summary>
    public TimeSpan PollInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>An unfilled limit order older than this is cancelled. Null keeps orders until the day ends.</summary>
    public TimeSpan? CancelStaleAfter { get; init; } = TimeSpan.FromMinutes(15);
}
