using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Core.Ml.Features;

/// <summary>
/// Daily history as the features read it: the instruments' bars (a <see cref="BarHistory"/>, which hides every bar until
/// its session's close and split-adjusts as of the newest visible bar), the KOSPI and KOSDAQ index bars, and the breadth
/// of every session (share of instruments that closed up), computed once. <see cref="InputAt"/> answers "what was
/// visible for this instrument at this instant" for training and backtests; live analysis builds the same
/// <see cref="FeatureInput"/> from the bars it loads.
/// </summary>
public sealed class FeatureHistory
{
    /// <summary>Calendar days of bars an input carries: enough for the 52-week range (250 sessions) and its first return.</summary>
    public const int LookbackDays = 400;

    /// <summary>Index bars and breadth points an input carries (the longest market feature needs 6).</summary>
    public const int MarketSessions = 20;

    private static readonly DateTimeOffset EndOfTime = new(2999, 12, 31, 0, 0, 0, KoreaTime.Offset);

    private readonly Bar[] _kospi;
    private readonly Bar[] _kosdaq;
    private readonly BreadthPoint[] _breadth;

    public FeatureHistory(BarHistory instruments, IReadOnlyList<Bar>? kospi = null, IReadOnlyList<Bar>? kosdaq = null)
    {
        ArgumentNullException.ThrowIfNull(instruments);
        Instruments = instruments;
        _kospi = Ordered(kospi, MarketIndexes.Kospi);
        _kosdaq = Ordered(kosdaq, MarketIndexes.Kosdaq);
        _breadth = Breadth(instruments);
    }

    /// <summary>From store rows: instruments (six-character codes) at raw prices with their adjustment factors, the index
    /// codes <see cref="MarketIndexes.Kospi"/> and <see cref="MarketIndexes.Kosdaq"/> as the market series.</summary>
    public static FeatureHistory FromRows(IReadOnlyList<HistoryBar> rows, IEnumerable<BacktestInstrument>? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(rows);
        var daily = rows.Where(b => b.Resolution == BarResolution.Day).ToList();
        var stored = daily.Where(b => MarketIndexes.IsInstrumentCode(b.Ticker))
            .GroupBy(b => b.Ticker, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.OrderBy(b => b.Time).ToList(), StringComparer.Ordinal);
        var bars = stored.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<Bar>)[.. kv.Value.Select(b => b.ToBar(adjusted: false))], StringComparer.Ordinal);
        var factors = stored.ToDictionary(kv => kv.Key, kv => (IReadOnlyList<decimal>)[.. kv.Value.Select(b => b.AdjustmentFactor)], StringComparer.Ordinal);
        List<Bar> Index(string code) => [.. daily.Where(b => b.Ticker == code).OrderBy(b => b.Time).Select(b => b.ToBar(adjusted: false))];
        return new FeatureHistory(new BarHistory(bars, instruments, factors), Index(MarketIndexes.Kospi), Index(MarketIndexes.Kosdaq));
    }

    /// <summary>The bars a backtest holds. A backtest loads the KOSPI index only: pass the KOSDAQ bars, or the KOSDAQ
    /// features are missing (NaN).</summary>
    public static FeatureHistory FromBacktest(BacktestBars bars, IReadOnlyList<Bar>? kosdaq = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        return new FeatureHistory(bars.History, bars.Index, kosdaq);
    }

    public BarHistory Instruments { get; }

    public IReadOnlyList<BreadthPoint> BreadthBySession => _breadth;

    /// <summary>What was visible for <paramref name="ticker"/> at <paramref name="asOf"/>: its bars of the last
    /// <see cref="LookbackDays"/> calendar days, the last <see cref="MarketSessions"/> index bars and breadth points.</summary>
    public FeatureInput InputAt(string ticker, DateTimeOffset asOf)
    {
        var lastDay = PointInTime.LatestVisibleStart(BarResolution.Day, asOf);
        var day = KrxCalendar.KstDate(lastDay);
        var bars = Instruments.VisibleBetween(ticker, day.AddDays(-LookbackDays), day, asOf);
        return new FeatureInput(ticker, asOf, bars, Visible(_kospi, day), Visible(_kosdaq, day), VisibleBreadth(day));
    }

    /// <summary>The sessions of <paramref name="ticker"/> after <paramref name="date"/>, up to <paramref name="count"/> of
    /// them, on one price basis. The only read past a row's instant, and only labels may make it.</summary>
    public IReadOnlyList<Bar> SessionsAfter(string ticker, DateOnly date, int count)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(count, 1);
        // Enough calendar days for `count` sessions through the longest KRX closures (Chuseok plus a weekend).
        var bars = Instruments.VisibleBetween(ticker, date.AddDays(1), date.AddDays(count * 2 + 20), EndOfTime);
        return bars.Count <= count ? bars : [.. bars.Take(count)];
    }

    /// <summary>Every session date of <paramref name="ticker"/>, oldest first.</summary>
    public IReadOnlyList<DateOnly> Sessions(string ticker) =>
        [.. Instruments.VisibleBetween(ticker, DateOnly.MinValue, DateOnly.MaxValue, EndOfTime).Select(b => b.Date)];

    private static Bar[] Ordered(IReadOnlyList<Bar>? bars, string code)
    {
        var array = bars?.ToArray() ?? [];
        for (var i = 1; i < array.Length; i++)
            if (array[i - 1].Date >= array[i].Date) throw new ArgumentException($"Index {code}: bars must be daily and oldest first.");
        return array;
    }

    private static IReadOnlyList<Bar> Visible(Bar[] bars, DateOnly lastDay)
    {
        var end = UpperBound(bars, lastDay, b => b.Date);
        var start = Math.Max(0, end - MarketSessions);
        return bars[start..end];
    }

    private IReadOnlyList<BreadthPoint> VisibleBreadth(DateOnly lastDay)
    {
        var end = UpperBound(_breadth, lastDay, b => b.Date);
        return _breadth[Math.Max(0, end - MarketSessions)..end];
    }

    /// <summary>Index of the first element dated after <paramref name="day"/>.</summary>
    private static int UpperBound<T>(T[] items, DateOnly day, Func<T, DateOnly> dateOf)
    {
        int lo = 0, hi = items.Length;
        while (lo < hi)
        {
            var mid = (lo + hi) / 2;
            if (dateOf(items[mid]) <= day) lo = mid + 1;
            else hi = mid;
        }
        return lo;
    }

    /// <summary>Per session, instruments up and down against their previous bar (on one price basis, so a split is no fall).</summary>
    private static BreadthPoint[] Breadth(BarHistory history)
    {
        var counts = new SortedDictionary<DateOnly, (int Up, int Down, int Total)>();
        foreach (var ticker in history.Tickers)
        {
            var bars = history.VisibleBetween(ticker, DateOnly.MinValue, DateOnly.MaxValue, EndOfTime);
            for (var i = 1; i < bars.Count; i++)
            {
                var c = counts.GetValueOrDefault(bars[i].Date);
                var change = bars[i].Close.CompareTo(bars[i - 1].Close);
                counts[bars[i].Date] = (c.Up + (change > 0 ? 1 : 0), c.Down + (change < 0 ? 1 : 0), c.Total + 1);
            }
        }
        return [.. counts.Select(kv => new BreadthPoint(kv.Key, kv.Value.Up, kv.Value.Down, kv.Value.Total))];
    }
}
