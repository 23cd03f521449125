using KisTrader.Core.Ports;

namespace KisTrader.Core.InMemory;

/// <summary>The equity curve's points in memory (a backtest's, and the tests'); it keeps the EF store's contract
/// (<c>EquityPointsContract</c>).</summary>
public sealed class InMemoryEquityPoints : IEquityPoints
{
    private readonly List<EquityObservation> _points = [];
    private readonly Lock _gate = new();

    public IReadOnlyList<EquityObservation> Points
    {
        get
        {
            lock (_gate) return [.. _points];
        }
    }

    public Task AddAsync(EquityObservation point, CancellationToken ct = default)
    {
        lock (_gate) _points.Add(point);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<EquityObservation>> ListAsync(DateTimeOffset from, DateTimeOffset to, CancellationToken ct = default)
    {
        lock (_gate)
            return Task.FromResult<IReadOnlyList<EquityObservation>>([.. _points.Where(p => p.At >= from && p.At < to).OrderBy(p => p.At)]);
    }
}
