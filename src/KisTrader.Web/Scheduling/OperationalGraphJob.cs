using KisTrader.Web.Hosting;
using Quartz;

namespace KisTrader.Web.Scheduling;

/// <summary>The recurring operational run. Thin on purpose: the graph does the work. Quartz never runs two at once
/// (DisallowConcurrentExecution) and skips missed fires instead of replaying them (misfire: do nothing).</summary>
[DisallowConcurrentExecution]
public sealed class OperationalGraphJob(IOperationalRunner runner, AppSettings settings, ILogger<OperationalGraphJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        // Triggers live in the database: one left from an older configuration (fewer cron lines now) removes itself.
        if (!SchedulingSetup.TriggerKeys(settings).Contains(context.Trigger.Key))
        {
            logger.LogInformation("Removing schedule trigger {Trigger}: no longer configured", context.Trigger.Key);
            await context.Scheduler.UnscheduleJob(context.Trigger.Key, ct);
            return;
        }
        var outcome = await runner.RunAsync("schedule", ct);
        logger.LogInformation("Scheduled operational run: {Status} {Summary}", outcome.Status, outcome.Summary);
    }
}
