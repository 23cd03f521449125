using KisTrader.Core.Ml.Drift;

namespace KisTrader.ComponentTests;

public sealed class FakeDriftMonitor : IDriftMonitor
{
    public Dictionary<string, DriftReport> Reports { get; } = [];

    public Task<DriftReport?> LatestAsync(string signal, CancellationToken ct = default) =>
        Task.FromResult(Reports.GetValueOrDefault(signal));

    public Task<DriftReport?> CheckAsync(string signal, CancellationToken ct = default) => throw new NotSupportedException();
}
