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

    public BarHistory(IReadOnlyDictionary<string, IReadOnlyList<Bar>> bars, IEnumerable<BacktestInstrument>? instruments = null)
    {
        ArgumentNullException.ThrowIfNull(bars);
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
        }
    }

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
        return end > first ? Bars(ticker)[first..end] : [];
    }

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

    /// <summary>The close of the last bar before <paramref name="date"/>: the base price of that day's limits.</summary>
    public decimal? PreviousClose(string ticker, DateOnly date) => PreviousBar(ticker, date)?.Close;

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
