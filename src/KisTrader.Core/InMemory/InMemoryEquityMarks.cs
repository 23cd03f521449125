using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>The day's first equity marks in memory: like the EF store, the first mark of a date wins.</summary>
public sealed class InMemoryEquityMarks(TimeProvider? time = null) : IEquityMarks
{
    // Sorted by date so a range is found by binary search (a backtest reads the week's marks every session).
    private readonly SortedList<DateOnly, EquityMark> _marks = [];
    private readonly Lock _lock = new();
    private readonly TimeProvider _time = time ?? TimeProvider.System;

    public Task<decimal> MarkAsync(DateOnly date, decimal equity, CancellationToken ct = default)
    {
        lock (_lock)
        {
            if (!_marks.TryGetValue(date, out var mark)) _marks[date] = mark = new EquityMark(date, equity, _time.GetUtcNow());
            return Task.FromResult(mark.Equity);
        }
    }

    public Task<IReadOnlyList<EquityMark>> ListAsync(DateOnly from, DateOnly to, CancellationToken ct = default)
    {
        lock (_lock)
        {
            var dates = _marks.Keys;
            int lo = 0, hi = dates.Count;
            while (lo < hi)
            {
                var mid = (lo + hi) / 2;
                if (dates[mid] < from) lo = mid + 1;
                else hi = mid;
            }
            var found = new List<EquityMark>();
            for (var i = lo; i < dates.Count && dates[i] <= to; i++) found.Add(_marks.Values[i]);
            return Task.FromResult<IReadOnlyList<EquityMark>>(found);
        }
    }
}
