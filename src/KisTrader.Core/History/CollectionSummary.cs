namespace KisTrader.Core.History;

/// <summary>What one collection did for one ticker: bars written (daily, minute), or why it failed.</summary>
public sealed record TickerCollection(string Ticker, int DailyBars, int MinuteBars, string? Failure)
{
    public bool Failed => Failure is not null;
}

/// <summary>One collection's outcome: every ticker tried, in order, with its bars or its failure.</summary>
public sealed record CollectionSummary(string Trigger, string Source, DateTimeOffset StartedAt, DateTimeOffset FinishedAt,
    IReadOnlyList<TickerCollection> Tickers, bool Canceled = false)
{
    public int BarsAdded => Tickers.Sum(t => t.DailyBars + t.MinuteBars);

    public IReadOnlyList<TickerCollection> Failures => [.. Tickers.Where(t => t.Failed)];

    public string Describe() =>
        $"{Tickers.Count} tickers, {Tickers.Sum(t => t.DailyBars)} daily and {Tickers.Sum(t => t.MinuteBars)} minute bars, "
        + $"{Failures.Count} failed{(Canceled ? ", canceled" : "")}";
}

/// <summary>Progress of a running collection: <see cref="Done"/> of <see cref="Total"/> tickers finished, the one now
/// fetched (null when done), and the bars written so far.</summary>
public sealed record CollectionProgress(int Done, int Total, string? Current, int BarsAdded, int Failures);
