using Hangfire;
using Hangfire.Common;
using KisTrader.Web.Backup;
using KisTrader.Web.Hosting;
using KisTrader.Web.Reflection;
using KisTrader.Web.Trading;

namespace KisTrader.Web.Scheduling;

/// <summary>One recurring job: its id on the dashboard, its cron line in KST and the method it calls.</summary>
public sealed record ScheduledJob(string Id, string Cron, Job Job)
{
    /// <summary>Every recurring job: cron in Asia/Seoul, a fire missed while the app was down or the queue was stuck
    /// skipped, not replayed.</summary>
    public static RecurringJobOptions Options => new()
    {
        TimeZone = SchedulingSetup.Kst,
        MisfireHandling = MisfireHandlingMode.Ignorable,
    };
}

/// <summary>The recurring jobs this configuration wants; each area says which of its own (the operational runs, the
/// reflection and its P&amp;L follow-up, the backup, the daily summary). Any other recurring job in the storage was left by
/// an older configuration and is removed at start.</summary>
public sealed class ScheduledJobs(AppSettings settings)
{
    public IReadOnlyList<ScheduledJob> All { get; } =
    [
        .. OperationalGraphJob.Jobs(settings),
        .. ReflectionSchedule.Jobs(settings),
        .. BackupSchedule.Jobs(settings),
        DailySummaryJob.Job,
    ];
}
