using KisTrader.Core.History;
using KisTrader.Core.Market;

namespace KisTrader.Core.Backtesting;

/// <summary>
/// Minute bars per ticker and session for a minute-resolution backtest, checked once (whole minutes, oldest first, one
/// bar per minute, positive prices, low ≤ open/close ≤ high). A bar's <see cref="Bar.Time"/> is its start; it is
/// visible from its end (<see cref="PointInTime.AvailableAt"/>): <see cref="VisibleCount"/> never counts a bar that has
/// not ended by the instant asked about. Per session, running sums (volume, traded value) and the running high and low
/// make the quote "so far today" O(1) at any minute.
/// </summary>
public sealed class MinuteBars
{
    private readonly Dictionary<(string Ticker, DateOnly Day), DaySeries> _days = [];

    public MinuteBars(IReadOnlyDictionary<string, IReadOnlyList<Bar>> bars)
    {
        ArgumentNullException.ThrowIfNull(bars);
        foreach (var (ticker, list) in bars.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            for (var i = 0; i < list.Count; i++)
            {
                var b = list[i];
                var kst = b.Time.ToKst();
                if (kst.Second != 0 || kst.Millisecond != 0)
                    throw new ArgumentException($"{ticker} {KoreaTime.Format(b.Time)}: a minute bar must start on a whole minute.", nameof(bars));
                if (b.Open <= 0 || b.High <= 0 || b.Low <= 0 || b.Close <= 0)
                    throw new ArgumentException($"{ticker} {KoreaTime.Format(b.Time)}: prices must be positive.", nameof(bars));
                if (b.Low > Math.Min(b.Open, b.Close) || b.High < Math.Max(b.Open, b.Close))
                    throw new ArgumentException($"{ticker} {KoreaTime.Format(b.Time)}: low and high must bracket open and close.", nameof(bars));
                if (b.Volume < 0) throw new ArgumentException($"{ticker} {KoreaTime.Format(b.Time)}: negative volume.", nameof(bars));
                if (i > 0 && list[i - 1].Time >= b.Time)
                    throw new ArgumentException($"{ticker}: minute bars must be oldest first, one per minute ({KoreaTime.Format(list[i - 1].Time)} then {KoreaTime.Format(b.Time)}).", nameof(bars));
            }
            foreach (var day in list.GroupBy(b => b.Date))
                _days[(ticker, day.Key)] = new DaySeries([.. day]);
        }
    }

    public int Count => _days.Values.Sum(d => d.Bars.Length);

    /// <summary>The session's minute bars of <paramref name="ticker"/> (empty when none: a halt, or no data that day).</summary>
    public IReadOnlyList<Bar> Day(string ticker, DateOnly day) => _days.TryGetValue((ticker, day), out var d) ? d.Bars : [];

    public bool Has(string ticker, DateOnly day) => _days.ContainsKey((ticker, day));

    /// <summary>How many of the session's bars have ended by <paramref name="at"/> (a bar starting at s ends at s + 1 min).</summary>
    public int VisibleCount(string ticker, DateOnly day, DateTimeOffset at) =>
        _days.TryGetValue((ticker, day), out var d) ? d.CountStartedBy(at - PointInTime.MinuteLength) : 0;

    /// <summary>The bar that starts exactly at <paramref name="start"/>, or null (no trade in that minute).</summary>
    public Bar? At(string ticker, DateTimeOffset start)
    {
        if (!_days.TryGetValue((ticker, KrxCalendar.KstDate(start)), out var d)) return null;
        var i = d.IndexOf(start);
        return i >= 0 ? d.Bars[i] : null;
    }

    /// <summary>The bar before the one starting at <paramref name="start"/> in the same session (the spread proxy for a fill
    /// at that bar's open), or null.</summary>
    public Bar? Before(string ticker, DateTimeOffset start)
    {
        if (!_days.TryGetValue((ticker, KrxCalendar.KstDate(start)), out var d)) return null;
        var n = d.CountStartedBy(start - TimeSpan.FromTicks(1));
        return n > 0 ? d.Bars[n - 1] : null;
    }

    /// <summary>The session so far at <paramref name="at"/>: the first open, running high and low, the last close, summed
    /// volume and traded value of the bars that have ended; null before the first one ends.</summary>
    public Bar? SoFar(string ticker, DateOnly day, DateTimeOffset at)
    {
        if (!_days.TryGetValue((ticker, day), out var d)) return null;
        var n = d.CountStartedBy(at - PointInTime.MinuteLength);
        if (n == 0) return null;
        return new Bar(d.Bars[n - 1].Time, d.Bars[0].Open, d.High[n - 1], d.Low[n - 1], d.Bars[n - 1].Close, d.Volume[n - 1], d.Value[n - 1]);
    }

    /// <summary>Daily bars aggregated from the minute bars (for tickers without stored daily bars): the session's first open,
    /// high, low, last close, summed volume and traded value, stamped at the KST midnight of the session.</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<Bar>> DerivedDaily() =>
        _days.GroupBy(kv => kv.Key.Ticker, StringComparer.Ordinal).ToDictionary(g => g.Key,
            g => (IReadOnlyList<Bar>)[.. g.OrderBy(kv => kv.Key.Day).Select(kv =>
            {
                var d = kv.Value;
                var n = d.Bars.Length;
                return new Bar(new DateTimeOffset(kv.Key.Day.ToDateTime(TimeOnly.MinValue), KoreaTime.Offset), d.Bars[0].Open, d.High[n - 1],
                    d.Low[n - 1], d.Bars[n - 1].Close, d.Volume[n - 1], d.Value[n - 1]);
            })], StringComparer.Ordinal);

    /// <summary>The traded value of a minute bar: as stored, or (when the source gave none) the typical price × volume,
    /// the usual VWAP approximation.</summary>
    public static decimal ValueOf(Bar b) => b.TradeValue > 0 ? b.TradeValue : Math.Round((b.High + b.Low + b.Close) / 3m * b.Volume, 2);

    private sealed class DaySeries
    {
        public DaySeries(Bar[] bars)
        {
            Bars = bars;
            Starts = [.. bars.Select(b => b.Time.UtcTicks)];
            High = new decimal[bars.Length];
            Low = new decimal[bars.Length];
            Volume = new long[bars.Length];
            Value = new decimal[bars.Length];
            for (var i = 0; i < bars.Length; i++)
            {
                High[i] = i == 0 ? bars[i].High : Math.Max(High[i - 1], bars[i].High);
                Low[i] = i == 0 ? bars[i].Low : Math.Min(Low[i - 1], bars[i].Low);
                Volume[i] = (i == 0 ? 0 : Volume[i - 1]) + bars[i].Volume;
                Value[i] = (i == 0 ? 0 : Value[i - 1]) + ValueOf(bars[i]);
            }
        }

        public Bar[] Bars { get; }
        public long[] Starts { get; }
        public decimal[] High { get; }
        public decimal[] Low { get; }
        public long[] Volume { get; }
        public decimal[] Value { get; }

        /// <summary>How many bars start at or before <paramref name="latestStart"/>.</summary>
        public int CountStartedBy(DateTimeOffset latestStart)
        {
            var i = Array.BinarySearch(Starts, latestStart.UtcTicks);
            return i >= 0 ? i + 1 : ~i;
        }

        public int IndexOf(DateTimeOffset start) => Array.BinarySearch(Starts, start.UtcTicks);
    }
}
