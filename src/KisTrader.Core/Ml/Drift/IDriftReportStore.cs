namespace KisTrader.Core.Ml.Drift;

/// <summary>Where drift reports are kept (table <c>drift_reports</c>; in memory in tests).</summary>
public interface IDriftReportStore
{
    Task SaveAsync(DriftReport report, CancellationToken ct = default);

    /// <summary>The newest report of the signal (by computation time), or null.</summary>
    Task<DriftReport?> LatestAsync(string signal, CancellationToken ct = default);
}
