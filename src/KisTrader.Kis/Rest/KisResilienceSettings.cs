namespace KisTrader.Kis.Rest;

/// <summary>Tuning of retries, the circuit breaker, the limiter burst and paging. Defaults are for production;
/// tests shorten the delays.</summary>
internal sealed record KisResilienceSettings
{
    /// <summary>Attempts of one read, the first included.</summary>
    public int MaxAttempts { get; init; } = 4;
    /// <summary>First retry delay; doubles per retry, with jitter. EGW00201 needs a pause, not a hammer.</summary>
    public TimeSpan RetryBaseDelay { get; init; } = TimeSpan.FromMilliseconds(500);
    public double FailureRatio { get; init; } = 0.5;
    public int MinimumThroughput { get; init; } = 10;
    public TimeSpan SamplingDuration { get; init; } = TimeSpan.FromSeconds(30);
    public TimeSpan BreakDuration { get; init; } = TimeSpan.FromSeconds(30);
    /// <summary>Requests the limiter lets through at once; 1 spaces requests evenly.</summary>
    public double RateLimitBurst { get; init; } = 1;
    /// <summary>A paged inquiry stops with an error after this many pages (the cursor may be stuck).</summary>
    public int MaxPages { get; init; } = 100;
}
