using KisTrader.Core.Events;
using KisTrader.Core.Ports;

namespace KisTrader.Core.Portfolio;

/// <summary>Keeps a point of the equity curve for a balance reading and announces it (the Overview draws it live).</summary>
public sealed class EquityRecorder(IEquityPoints points, IEventBus bus)
{
    /// <summary>Records the equity of <paramref name="snapshot"/>; an empty reading (no equity) is no point of the curve.</summary>
    public async Task RecordAsync(PortfolioSnapshot snapshot, string? runId, CancellationToken ct = default)
    {
        if (snapshot.TotalEquity <= 0) return;
        var point = new EquityObservation(snapshot.TakenAt, snapshot.TotalEquity, runId);
        await points.AddAsync(point, ct);
        bus.Publish(new EquityObserved(point));
    }
}
