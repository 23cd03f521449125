using KisTrader.Core.Ml.Drift;

namespace KisTrader.Core.InMemory;

/// <summary>Drift reports in memory (tests).</summary>
public sealed class InMemoryDriftReportStore : IDriftReportStore
{
    private readonly Lock _lock = new();
    private readonly List<DriftReport> _reports = [];

    public IReadOnlyList<DriftReport> All
    {
        get { lock (_lock) return [.. _reports]; }
    }

    public Task SaveAsync(DriftReport report, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(report);
        lock (_lock) _reports.Add(report);
        return Task.CompletedTask;
    }

    public Task<DriftReport?> LatestAsync(string signal, CancellationToken ct = default)
    {
        lock (_lock) return Task.FromResult(_reports.Where(r => r.Signal == signal).OrderBy(r => r.ComputedAt).LastOrDefault());
    }
}
