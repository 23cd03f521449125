using Quartz;

namespace KisTrader.Web.Scheduling;

/// <summary>When the scheduler will next start an operational run (null when scheduling is off).</summary>
public sealed class NextRunInfo(IServiceProvider services)
{
    public Task<DateTimeOffset?> GetAsync(CancellationToken ct = default) =>
        GetAsync(SchedulingSetup.OperationalJob, SchedulingSetup.TriggerKeys(services.GetRequiredService<Hosting.AppSettings>()).Contains, ct);

    /// <summary>The next fire time of the triggers of <paramref name="job"/> that the configuration still wants (one left
    /// in the database by an older configuration removes itself when it fires; it is not shown).</summary>
    public async Task<DateTimeOffset?> GetAsync(JobKey job, Func<TriggerKey, bool> configured, CancellationToken ct = default)
    {
        if (services.GetService<ISchedulerFactory>() is not { } factory)
            return null;
        var scheduler = await factory.GetScheduler(ct);
        var triggers = await scheduler.GetTriggersOfJob(job, ct);
        return triggers.Where(t => configured(t.Key)).Select(t => t.NextFireTimeUtc).Where(t => t is not null).Min();
    }
}
