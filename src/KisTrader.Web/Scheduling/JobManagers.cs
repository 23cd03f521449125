using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.States;

namespace KisTrader.Web.Scheduling;

/// <summary>The clients the app and the dashboard use ("Trigger now", "Requeue"): this app's filters, and recurring
/// jobs computed on <see cref="JobClock"/> (Hangfire's own would use DateTime.UtcNow).</summary>
public sealed class JobManagers(IJobFilterProvider filters, ITimeZoneResolver zones, JobClock clock)
    : IBackgroundJobClientFactoryV2, IRecurringJobManagerFactoryV2
{
    public IBackgroundJobClientV2 GetClientV2(JobStorage storage) =>
        new BackgroundJobClient(storage, new BackgroundJobFactory(filters), new BackgroundJobStateChanger(filters));

    public IBackgroundJobClient GetClient(JobStorage storage) => GetClientV2(storage);

    public IRecurringJobManagerV2 GetManagerV2(JobStorage storage) =>
        new RecurringJobManager(storage, filters, zones, clock.UtcNow);

    public IRecurringJobManager GetManager(JobStorage storage) => GetManagerV2(storage);
}
