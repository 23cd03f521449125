using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>The day's first equity marks in memory: like the EF store, the first mark of a date wins.</summary>
public sealed class InMemoryEquityMarks(TimeProvider? time = null) : IEquityMarks
{
    private readonly SortedDictionary<DateOnly, EquityMark> _marks = [];
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
            return Task.FromResult<IReadOnlyList<EquityMark>>([.. _marks.Values.Where(m => m.Date >= from && m.Date <= to)]);
    }
}
