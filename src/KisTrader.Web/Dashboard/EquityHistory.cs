using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Dashboard;

public sealed record EquityPoint(DateTimeOffset At, decimal Equity);

/// <summary>The equity curve of the Overview: the equity each operational run read from the broker (every few minutes
/// while the schedule runs, kept in <see cref="IEquityPoints"/>) plus the daily marks the risk engine keeps for its loss
/// limits. A read model, nothing is written.</summary>
public sealed class EquityHistory(IEquityPoints runs, IEquityMarks marks, TimeProvider time)
{
    /// <summary>Points since <paramref name="from"/>, oldest first, at most one per second.</summary>
    public async Task<IReadOnlyList<EquityPoint>> GetAsync(DateTimeOffset from, CancellationToken ct = default)
    {
        var points = new List<EquityPoint>();
        var now = time.GetUtcNow();
        var today = DateOnly.FromDateTime(now.ToKst().DateTime);
        var firstDay = DateOnly.FromDateTime(from.ToKst().DateTime);
        foreach (var m in await marks.ListAsync(firstDay, today, ct))
            points.Add(new EquityPoint(m.RecordedAt, m.Equity));
        // A run's reading wins over a day mark taken in the same second (the mark is that same reading).
        foreach (var p in await runs.ListAsync(from, now.AddSeconds(1), ct))
            points.Add(new EquityPoint(p.At, p.Equity));
        return [.. points.Where(p => p.At >= from)
            .GroupBy(p => p.At.ToUnixTimeSeconds()).Select(g => g.Last())
            .OrderBy(p => p.At)];
    }

    /// <summary>Equity at the start of today (KST): the first observation of the day (a run's diagnosis or the risk
    /// engine's day mark); null before anything was observed today.</summary>
    public static decimal? DayStart(IReadOnlyList<EquityPoint> points, DateTimeOffset now)
    {
        var dayStart = KoreaTime.StartOfDay(now);
        return points.FirstOrDefault(p => p.At >= dayStart)?.Equity;
    }
}
