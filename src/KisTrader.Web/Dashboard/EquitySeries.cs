namespace KisTrader.Web.Dashboard;

/// <summary>The equity curve as the Overview draws it: strictly increasing seconds, each point with its drawdown from the
/// running peak (0 at a new high, negative below it). Live points older than the last one are ignored; a point in the
/// same second replaces the last one.</summary>
public sealed class EquitySeries
{
    /// <summary>The equity axis spans at least ±0.2% around its middle: a few hundred won on a large account should not
    /// look like a crash.</summary>
    public const decimal MinHalfRangeFraction = 0.002m;

    private readonly List<DateTimeOffset> _times = [];
    private readonly List<decimal> _equity = [];
    private readonly List<decimal> _drawdown = [];
    /// <summary>The highest equity before the last point (null while there is at most one point).</summary>
    private decimal? _peakBeforeLast;

    public EquitySeries(IEnumerable<EquityPoint> points)
    {
        foreach (var p in points)
            if (_times.Count == 0 || Second(p.At) > Second(_times[^1])) Append(p);
    }

    public int Count => _times.Count;
    public IReadOnlyList<DateTimeOffset> Times => _times;
    public IReadOnlyList<decimal> Equity => _equity;
    /// <summary>Percent below the highest equity so far (≤ 0), two decimals.</summary>
    public IReadOnlyList<decimal> DrawdownPercent => _drawdown;

    /// <summary>Adds a live point; false when it was older than the last one and ignored.</summary>
    public bool Add(EquityPoint p)
    {
        if (_times.Count > 0 && Second(p.At) < Second(_times[^1])) return false;
        if (_times.Count > 0 && Second(p.At) == Second(_times[^1]))
        {
            _times.RemoveAt(_times.Count - 1);
            _equity.RemoveAt(_equity.Count - 1);
            _drawdown.RemoveAt(_drawdown.Count - 1);
            AppendAfter(p, _peakBeforeLast);
            return true;
        }
        Append(p);
        return true;
    }

    /// <summary>The equity axis: the data's range, widened to ±<see cref="MinHalfRangeFraction"/> around its middle.</summary>
    public (decimal Min, decimal Max) EquityRange()
    {
        if (_equity.Count == 0) return (0, 1);
        decimal lo = _equity.Min(), hi = _equity.Max();
        var mid = (lo + hi) / 2;
        var half = Math.Max((hi - lo) / 2, Math.Abs(mid) * MinHalfRangeFraction);
        if (half == 0) half = 1;
        // A little air above and below the line, as an autoscaled axis has.
        half *= 1.05m;
        return (mid - half, mid + half);
    }

    /// <summary>The drawdown axis: from a bit below the deepest drawdown (at least -0.5%) to 0.</summary>
    public (decimal Min, decimal Max) DrawdownRange() => (Math.Min(_drawdown.DefaultIfEmpty(0).Min() * 1.15m, -0.5m), 0m);

    private void Append(EquityPoint p) =>
        AppendAfter(p, _equity.Count == 0 ? null : Math.Max(_peakBeforeLast ?? _equity[^1], _equity[^1]));

    private void AppendAfter(EquityPoint p, decimal? peakBefore)
    {
        _peakBeforeLast = peakBefore;
        var peak = peakBefore is { } before ? Math.Max(before, p.Equity) : p.Equity;
        _times.Add(p.At);
        _equity.Add(p.Equity);
        _drawdown.Add(peak > 0 ? Math.Round((p.Equity / peak - 1m) * 100m, 2) : 0m);
    }

    private static long Second(DateTimeOffset at) => at.ToUnixTimeSeconds();
}
