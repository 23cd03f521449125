using Quartz;

namespace KisTrader.Web.Scheduling;

/// <summary>When the scheduler will next start an operational run (null when scheduling is off).</summary>
public sealed class NextRunInfo(IServiceProvider services)
{
    public async Task<DateTimeOffset?> GetAsync(CancellationToken ct = default)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory)
            return null;
        var scheduler = await factory.GetScheduler(ct);
        var triggers = await scheduler.GetTriggersOfJob(SchedulingSetup.OperationalJob, ct);
        return triggers.Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
    }
}
