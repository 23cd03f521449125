namespace KisTrader.Core.History;

/// <summary>A point-in-time read: bars of <see cref="Tickers"/> (null: every ticker) at <see cref="Resolution"/> whose KST
/// session date is in [<see cref="From"/>, <see cref="To"/>], and only those available at <see cref="AsOf"/>
/// (<see cref="PointInTime"/>). Results come ordered by ticker (ordinal), then time.</summary>
public sealed record HistoryQuery(IReadOnlyCollection<string>? Tickers, BarResolution Resolution, DateOnly From, DateOnly To, DateTimeOffset AsOf)
{
    public static HistoryQuery Daily(IReadOnlyCollection<string>? tickers, DateOnly from, DateOnly to, DateTimeOffset asOf) =>
        new(tickers, BarResolution.Day, from, to, asOf);

    /// <summary>Whether <paramref name="bar"/> answers this query (what an in-memory store filters by; the EF store
    /// translates the same conditions to SQL).</summary>
    public bool Matches(HistoryBar bar) =>
        bar.Resolution == Resolution
        && (Tickers is null || Tickers.Contains(bar.Ticker))
        && bar.Date >= From && bar.Date <= To
        && PointInTime.IsVisible(bar, AsOf);
}
