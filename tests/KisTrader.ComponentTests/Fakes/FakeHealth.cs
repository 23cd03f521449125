using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace KisTrader.ComponentTests;

public sealed class FakeHealth : HealthCheckService
{
    public HealthStatus Status { get; set; } = HealthStatus.Healthy;

    public override Task<HealthReport> CheckHealthAsync(Func<HealthCheckRegistration, bool>? predicate, CancellationToken cancellationToken = default) =>
        Task.FromResult(new HealthReport(new Dictionary<string, HealthReportEntry>(), Status, TimeSpan.Zero));
}
