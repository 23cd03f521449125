using KisTrader.Core.Reflection;

namespace KisTrader.Core.Ports;

/// <summary>The reflection reports (one per reflection run).</summary>
public interface IReflectionReportStore
{
    /// <summary>Inserts or replaces the report with the same id.</summary>
    Task SaveAsync(ReflectionReport report, CancellationToken ct = default);

    Task<ReflectionReport?> GetAsync(string reportId, CancellationToken ct = default);

    /// <summary>The newest <paramref name="count"/> reports, newest first.</summary>
    Task<IReadOnlyList<ReflectionReport>> ListAsync(int count = 50, CancellationToken ct = default);
}
