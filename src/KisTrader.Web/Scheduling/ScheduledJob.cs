using Hangfire;
using Hangfire.Common;
using KisTrader.Web.Backup;
using KisTrader.Web.History;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Reflection;
using KisTrader.Web.Trading;
using Microsoft.Extensions.Options;

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
/// reflection and its P&amp;L follow-up, the backup, the daily summary, the history collection, the retraining and the drift check). Any other recurring job in the storage was left by
/// an older configuration and is removed at start.</summary>
public sealed class ScheduledJobs(
    IOptions<KisOptions> kis,
    IOptions<SimulatorOptions> simulator,
    IOptions<TradingOptions> trading,
    IOptions<ReflectionOptions> reflection,
    IOptions<BackupOptions> backup,
    IOptions<DatabaseOptions> database,
    IOptions<HistoryOptions> history,
    IOptions<MlOptions> ml)
{
    public IReadOnlyList<ScheduledJob> All { get; } =
    [
        .. OperationalGraphJob.Jobs(kis.Value, simulator.Value, trading.Value),
        .. ReflectionSchedule.Jobs(reflection.Value),
        .. BackupSchedule.Jobs(backup.Value, database.Value),
        DailySummaryJob.Job,
        .. HistorySchedule.Jobs(history.Value),
        .. Ml.ModelTrainingSchedule.Jobs(ml.Value),
    ];
}
