using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// Daily bars per ticker, checked once (oldest first, one bar per KST date, positive prices, low ≤ open/close ≤ high),
/// with the point-in-time questions the backtest asks of them. A day's bar becomes visible at that day's close
/// (15:30 KST): <see cref="Visible"/> never returns a bar whose close lies after the instant asked about. Only the
/// simulated exchange reads <see cref="BarOn"/> for the session it is executing.
/// </summary>
public sealed class BarHistory
{
    private readonly Dictionary<string, Bar[]> _bars = new(StringComparer.Ordinal);
    private readonly Dictionary<string, DateOnly[]> _dates = new(StringComparer.Ordinal);
    private readonly Dictionary<string, BacktestInstrument> _instruments = new(StringComparer.Ordinal);

    /// <summary>Per ticker with a split in its bars: each bar's raw ÷ adjusted factor, and for each bar the index of the
    /// first bar of its run of equal factors (tickers without a change have no entry: the common, fast case).</summary>
    private readonly Dictionary<string, (decimal[] Factor, int[] RunStart)> _adjustments = new(StringComparer.Ordinal);

    /// <param name="bars">Raw daily bars (what traded) per ticker, oldest first.</param>
    /// <param name="instruments">Name, market and kind per ticker (default: KOSPI stock named by its ticker).</param>
    /// <param name="adjustmentFactors">Optional, per ticker one factor per bar: raw close ÷ adjusted close (50 before a
    /// 1:50 split, 1 after). Bars read for the analysis (<see cref="VisibleBetween"/>) are then adjusted as of the newest
    /// visible bar, and a split day's base price is the previous close on the new basis.</param>
    public BarHistory(IReadOnlyDictionary<string, IReadOnlyList<Bar>> bars, IEnumerable<BacktestInstrument>? instruments = null,
        IReadOnlyDictionary<string, IReadOnlyList<decimal>>? adjustmentFactors = null, MinuteBars? minutes = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
        Minutes = minutes;
        foreach (var i in instruments ?? []) _instruments[i.Ticker] = i;
        foreach (var (ticker, list) in bars.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            if (string.IsNullOrWhiteSpace(ticker)) throw new ArgumentException("A ticker is empty.", nameof(bars));
            var array = list.ToArray();
            for (var i = 0; i < array.Length; i++)
            {
                var b = array[i];
                if (b.Open <= 0 || b.High <= 0 || b.Low <= 0 || b.Close <= 0)
                    throw new ArgumentException($"{ticker} {b.Date:yyyy-MM-dd}: prices must be positive.", nameof(bars));
                if (b.Low > Math.Min(b.Open, b.Close) || b.High < Math.Max(b.Open, b.Close))
                    throw new ArgumentException($"{ticker} {b.Date:yyyy-MM-dd}: low {b.Low} and high {b.High} must bracket open {b.Open} and close {b.Close}.", nameof(bars));
                if (b.Volume < 0) throw new ArgumentException($"{ticker} {b.Date:yyyy-MM-dd}: negative volume.", nameof(bars));
                if (i > 0 && array[i - 1].Date >= b.Date)
                    throw new ArgumentException($"{ticker}: bars must be daily and oldest first ({array[i - 1].Date:yyyy-MM-dd} then {b.Date:yyyy-MM-dd}).", nameof(bars));
            }
            _bars[ticker] = array;
            _dates[ticker] = [.. array.Select(b => b.Date)];
            if (!_instruments.ContainsKey(ticker)) _instruments[ticker] = new BacktestInstrument(ticker, ticker);
            if (adjustmentFactors?.GetValueOrDefault(ticker) is { } factors)
            {
                if (factors.Count != array.Length) throw new ArgumentException($"{ticker}: {factors.Count} adjustment factors for {array.Length} bars.", nameof(adjustmentFactors));
                if (factors.Any(f => f <= 0)) throw new ArgumentException($"{ticker}: adjustment factors must be positive.", nameof(adjustmentFactors));
                // Adjusted prices are rounded (KIS answers whole won), so raw ÷ adjusted wobbles a little from day to day
                // without any corporate action: a change under 1% keeps the previous factor.
                var normalized = factors.ToArray();
                for (var i = 1; i < normalized.Length; i++)
                    if (Math.Abs(normalized[i] / normalized[i - 1] - 1m) < HistoryBar.AdjustmentTolerance) normalized[i] = normalized[i - 1];
                if (normalized.Distinct().Skip(1).Any())
                {
                    var runStart = new int[normalized.Length];
                    for (var i = 1; i < runStart.Length; i++) runStart[i] = normalized[i] == normalized[i - 1] ? runStart[i - 1] : i;
                    _adjustments[ticker] = (normalized, runStart);
                }
            }
        }
    }

    /// <summary>The minute bars of a minute-resolution backtest (null: daily resolution). When set, quotes during a session
    /// and fills come from them (see <see cref="HistoricalMarketData"/>, <see cref="SimulatedBroker"/>); the daily bars
    /// still serve the indicators and the price limits.</summary>
    public MinuteBars? Minutes { get; }

    /// <summary>The tickers with bars, in ordinal order.</summary>
    public IReadOnlyList<string> Tickers => [.. _bars.Keys.Order(StringComparer.Ordinal)];

    public bool Contains(string ticker) => _bars.ContainsKey(ticker);

    public BacktestInstrument Instrument(string ticker) =>
        _instruments.TryGetValue(ticker, out var i) && _bars.ContainsKey(ticker) ? i : throw new ArgumentException($"No bars for ticker {ticker}.", nameof(ticker));

    /// <summary>Bars dated <paramref name="from"/> to <paramref name="to"/> whose session has closed by <paramref name="at"/>,
    /// oldest first (a copy of just that range: the analysis asks for a few months at every step).</summary>
    public IReadOnlyList<Bar> VisibleBetween(string ticker, DateOnly from, DateOnly to, DateTimeOffset at)
    {
        var dates = Dates(ticker);
        var first = Array.BinarySearch(dates, from);
        if (first < 0) first = ~first;
        var afterTo = Array.BinarySearch(dates, to);
        afterTo = afterTo >= 0 ? afterTo + 1 : ~afterTo;
        var end = Math.Min(afterTo, CountClosedBy(ticker, at));
        if (end <= first) return [];
        var slice = Bars(ticker)[first..end];
        // Split-adjusted as of the newest visible bar: what a broker's adjusted chart showed on that day. Bars on that
        // bar's basis are the raw ones (so they match the raw quotes); a later split is not known yet (no look-ahead).
        if (_adjustments.TryGetValue(ticker, out var adj) && adj.RunStart[end - 1] > first)
        {
            var now = adj.Factor[end - 1];
            for (var i = 0; i < slice.Length; i++)
            {
                var f = adj.Factor[first + i];
                if (f != now) slice[i] = Rescale(slice[i], now / f);
            }
        }
        return slice;
    }

    private static Bar Rescale(Bar b, decimal k) =>
        b with { Open = Math.Round(b.Open * k, 2), High = Math.Round(b.High * k, 2), Low = Math.Round(b.Low * k, 2), Close = Math.Round(b.Close * k, 2) };

    /// <summary>The most recent bar whose session has closed by <paramref name="at"/>, or null.</summary>
    public Bar? LastVisible(string ticker, DateTimeOffset at)
    {
        var n = CountClosedBy(ticker, at);
        return n > 0 ? Bars(ticker)[n - 1] : null;
    }

    /// <summary>The bar of <paramref name="date"/> (for the simulated exchange executing that session), or null when the
    /// instrument did not trade or has no data that day.</summary>
    public Bar? BarOn(string ticker, DateOnly date)
    {
        var i = Array.BinarySearch(Dates(ticker), date);
        return i >= 0 ? Bars(ticker)[i] : null;
    }

    /// <summary>The last bar before <paramref name="date"/>.</summary>
    public Bar? PreviousBar(string ticker, DateOnly date)
    {
        var i = Array.BinarySearch(Dates(ticker), date);
        var before = i >= 0 ? i : ~i;
        return before > 0 ? Bars(ticker)[before - 1] : null;
    }

    /// <summary>The close of the last bar before <paramref name="date"/>: the base price of that day's limits.
    /// On the day a split takes effect it is the previous close on the new basis (KRX's 기준가 after a split).</summary>
    public decimal? PreviousClose(string ticker, DateOnly date)
    {
        var i = Array.BinarySearch(Dates(ticker), date);
        var before = i >= 0 ? i : ~i;
        if (before == 0) return null;
        var close = Bars(ticker)[before - 1].Close;
        if (i >= 0 && _adjustments.TryGetValue(ticker, out var adj) && adj.Factor[i] != adj.Factor[i - 1])
            close = Math.Round(close * adj.Factor[i] / adj.Factor[i - 1], 2);
        return close;
    }

    /// <summary>How many new shares one held share becomes at <paramref name="date"/>'s open: the previous bar's adjustment
    /// factor over this day's (50 on the first day after a 1:50 split); 1 without a change or a bar that day.</summary>
    public decimal SplitRatio(string ticker, DateOnly date)
    {
        if (!_adjustments.TryGetValue(ticker, out var adj)) return 1m;
        var i = Array.BinarySearch(Dates(ticker), date);
        return i > 0 && adj.Factor[i] != adj.Factor[i - 1] ? Math.Round(adj.Factor[i - 1] / adj.Factor[i], 6) : 1m;
    }

    /// <summary>All bars of <paramref name="ticker"/>, oldest first, and the index range [Start, End) of those dated
    /// <paramref name="from"/> up to the day before <paramref name="today"/>: every one of them has closed before today
    /// begins. No copy (the backtest's indicators read it at every session); callers must not write to the array.</summary>
    internal (Bar[] Bars, int Start, int End) DaysBefore(string ticker, DateOnly from, DateOnly today)
    {
        var dates = Dates(ticker);
        var start = Array.BinarySearch(dates, from);
        if (start < 0) start = ~start;
        var end = Array.BinarySearch(dates, today);
        if (end < 0) end = ~end;
        return (Bars(ticker), start, Math.Max(start, end));
    }

    private int CountClosedBy(string ticker, DateTimeOffset at)
    {
        // A bar of day d is closed at d 15:30 KST: the bars closed by `at` are those dated before the last date whose close ≤ at.
        var day = KrxCalendar.KstDate(at);
        var lastClosedDay = at >= KrxCalendar.CloseOn(day) ? day : day.AddDays(-1);
        var i = Array.BinarySearch(Dates(ticker), lastClosedDay);
        return i >= 0 ? i + 1 : ~i;
    }

    private Bar[] Bars(string ticker) => _bars.TryGetValue(ticker, out var b) ? b : throw new ArgumentException($"No bars for ticker {ticker}.", nameof(ticker));

    private DateOnly[] Dates(string ticker) => _dates.TryGetValue(ticker, out var d) ? d : throw new ArgumentException($"No bars for ticker {ticker}.", nameof(ticker));
}
