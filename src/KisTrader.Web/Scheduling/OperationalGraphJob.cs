using Quartz;

namespace KisTrader.Web.Scheduling;

/// <summary>The recurring operational run. Thin on purpose: the graph does the work. Quartz never runs two at once
/// (DisallowConcurrentExecution) and skips missed fires instead of replaying them (misfire: do nothing).</summary>
[DisallowConcurrentExecution]
public sealed class OperationalGraphJob(IOperationalRunner runner, ILogger<OperationalGraphJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        var outcome = await runner.RunAsync("schedule", ct);
        logger.LogInformation("Scheduled operational run: {Status} {Summary}", outcome.Status, outcome.Summary);
    }
}
