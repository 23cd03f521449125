using System.Collections.Concurrent;
using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Ml.Live;

/// <summary>One ticker's features for a live decision: the session they describe (its last bar) and the row.</summary>
public sealed record LiveFeatureRow(string Ticker, DateOnly Session, float[] Values);

/// <summary>
/// The live path of the features: for a decision at <c>asOf</c>, the row of the last session whose close is at or before
/// <c>asOf</c>, computed by the same <see cref="IFeatureExtractor"/> over the same <see cref="FeatureHistory"/> that
/// training (<see cref="Datasets.DatasetBuilder"/>) and backtests build, from the history store. The store's daily rows
/// of every instrument are read once per visible day (breadth is over every instrument, as in training), and each
/// ticker's row is kept for that day: a run of 40 instruments after the first costs dictionary look-ups. The day is read
/// again when a history collection finished after it was read (yesterday's bars collected after the first run).
/// </summary>
public sealed class LiveFeatures(IMarketHistory store, IFeatureExtractor extractor, int maxHistoryAgeDays = LiveFeatures.DefaultMaxHistoryAgeDays)
{
    /// <summary>A ticker whose last stored session is older than this many calendar days before the visible day is not
    /// scored: its features would describe a market long gone (a halted or no longer collected instrument).</summary>
    public const int DefaultMaxHistoryAgeDays = 7;

    private readonly SemaphoreSlim _loading = new(1, 1);
    private Day? _day;

    public IFeatureExtractor Extractor => extractor;

    /// <summary>The last calendar day whose daily bars are visible at <paramref name="asOf"/> (yesterday intraday).</summary>
    public static DateOnly VisibleDay(DateTimeOffset asOf) => KrxCalendar.KstDate(PointInTime.LatestVisibleStart(BarResolution.Day, asOf));

    /// <summary>The rows of <paramref name="tickers"/> as of <paramref name="asOf"/>; a ticker without stored bars, or
    /// whose bars are too old, is left out and named in <c>Missing</c> with the reason.</summary>
    public async Task<(IReadOnlyList<LiveFeatureRow> Rows, IReadOnlyList<string> Missing)> ComputeAsync(
        IReadOnlyCollection<string> tickers, DateTimeOffset asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        var day = await DayAsync(asOf, ct).ConfigureAwait(false);
        var rows = new List<LiveFeatureRow>(tickers.Count);
        var missing = new List<string>();
        foreach (var ticker in tickers.Distinct(StringComparer.Ordinal))
        {
            var row = day.Rows.GetOrAdd(ticker, t => Compute(day, t));
            if (row.Row is { } r) rows.Add(r);
            else missing.Add($"{ticker}: {row.Missing}");
        }
        return (rows, missing);
    }

    private (LiveFeatureRow? Row, string? Missing) Compute(Day day, string ticker)
    {
        if (!day.History.Instruments.Contains(ticker)) return (null, "no daily bars in the history store");
        // As of the visible day's close: the instant training's row of that session was computed at.
        var input = day.History.InputAt(ticker, KrxCalendar.CloseOn(day.Date));
        if (input.Bars.Count == 0) return (null, "no daily bars in the history store");
        var session = input.Bars[^1].Date;
        if (session < day.Date.AddDays(-maxHistoryAgeDays))
            return (null, FormattableString.Invariant($"its last stored session is {session:yyyy-MM-dd}, more than {maxHistoryAgeDays} days before {day.Date:yyyy-MM-dd}"));
        var values = extractor.Compute(input);
        if (values.Length != extractor.Schema.Count)
            throw new InvalidOperationException($"{extractor.Schema.Id} returned {values.Length} values for {extractor.Schema.Count} columns.");
        return (new LiveFeatureRow(ticker, session, values), null);
    }

    private async Task<Day> DayAsync(DateTimeOffset asOf, CancellationToken ct)
    {
        var date = VisibleDay(asOf);
        var lastCollection = (await store.LastCollectionAsync(ct).ConfigureAwait(false))?.FinishedAt;
        if (Current(date, lastCollection) is { } fresh) return fresh;
        await _loading.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (Current(date, lastCollection) is { } loaded) return loaded;
            var close = KrxCalendar.CloseOn(date);
            var rows = await store.ReadAsync(HistoryQuery.Daily(null, date.AddDays(-FeatureHistory.LookbackDays), date, close), ct).ConfigureAwait(false);
            var instruments = (await store.InstrumentsAsync(ct).ConfigureAwait(false)).Select(i => new BacktestInstrument(i.Ticker, i.Ticker, i.Market));
            var day = new Day(date, lastCollection, FeatureHistory.FromRows(rows, instruments));
            _day = day;
            return day;
        }
        finally
        {
            _loading.Release();
        }
    }

    private Day? Current(DateOnly date, DateTimeOffset? lastCollection) =>
        _day is { } d && d.Date == date && d.Collection == lastCollection ? d : null;

    private sealed class Day(DateOnly date, DateTimeOffset? collection, FeatureHistory history)
    {
        public DateOnly Date { get; } = date;
        public DateTimeOffset? Collection { get; } = collection;
        public FeatureHistory History { get; } = history;
        public ConcurrentDictionary<string, (LiveFeatureRow? Row, string? Missing)> Rows { get; } = new(StringComparer.Ordinal);
    }
}
