using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Dashboard;

public sealed record EquityPoint(DateTimeOffset At, decimal Equity);

/// <summary>The equity curve of the Overview: the portfolio each operational run diagnosed (every few minutes while the
/// schedule runs) plus the daily marks the risk engine keeps for its loss limits. A read model, nothing is written.</summary>
public sealed class EquityHistory(IGraphStore graphs, IEquityMarks marks, TimeProvider time)
{
    /// <summary>How many runs back the curve reads (a week of the default 10-minute schedule is about 230 runs).</summary>
    public const int MaxRuns = 400;

    /// <summary>Points since <paramref name="from"/>, oldest first, at most one per second.</summary>
    public async Task<IReadOnlyList<EquityPoint>> GetAsync(DateTimeOffset from, CancellationToken ct = default)
    {
        var points = new List<EquityPoint>();
        var today = DateOnly.FromDateTime(time.GetUtcNow().ToKst().DateTime);
        var firstDay = DateOnly.FromDateTime(from.ToKst().DateTime);
        foreach (var m in await marks.ListAsync(firstDay, today, ct))
            points.Add(new EquityPoint(m.RecordedAt, m.Equity));
        foreach (var run in await graphs.ListRunsAsync(OperationalGraph.Name, MaxRuns, ct))
        {
            if (run.StartedAt < from) break;
            if (RunStates.TryRead(run)?.Portfolio is { TotalEquity: > 0 } p)
                points.Add(new EquityPoint(p.TakenAt, p.TotalEquity));
        }
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
