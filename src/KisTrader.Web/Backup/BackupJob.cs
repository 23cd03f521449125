using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;
using Quartz;

namespace KisTrader.Web.Backup;

/// <summary>The scheduled backup, in the same persistent Quartz store and zone as the other jobs.</summary>
public static class BackupSchedule
{
    public static readonly JobKey JobKey = new("database-backup", "kistrader");
    public static readonly TriggerKey Trigger = new("database-backup-daily", "kistrader");

    /// <summary>Scheduled only for SQLite: the app does not back up PostgreSQL (see <see cref="DatabaseBackups.PostgreSqlNote"/>).</summary>
    public static bool Wanted(AppSettings settings) => settings.Backup.Enabled && settings.Database.Provider == DatabaseProvider.Sqlite;

    public static void Configure(IQuartzBuilder q, AppSettings settings)
    {
        q.AddJob<BackupJob>(j => j.WithIdentity(JobKey).StoreDurably());
        if (!Wanted(settings))
            return;
        q.AddTrigger(t => t.ForJob(JobKey).WithIdentity(Trigger)
            .WithCronSchedule(settings.Backup.Schedule, c => c.InTimeZone(SchedulingSetup.Kst).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }
}

/// <summary>Writes one backup and prunes the old ones. A failure is logged and announced (nobody watches a nightly job).</summary>
[DisallowConcurrentExecution]
public sealed class BackupJob(DatabaseBackups backups, AppSettings settings, INotifier notifier, TimeProvider time, ILogger<BackupJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        if (!BackupSchedule.Wanted(settings) || !context.Trigger.Key.Equals(BackupSchedule.Trigger))
        {
            logger.LogInformation("Removing schedule trigger {Trigger}: no longer configured", context.Trigger.Key);
            await context.Scheduler.UnscheduleJob(context.Trigger.Key, ct);
            return;
        }
        try
        {
            // The backup API copies synchronously; keep it off Quartz's scheduler thread.
            var outcome = await Task.Run(backups.BackupNow, ct);
            logger.LogInformation("Database backup {Path}: {Size} bytes, {Trades} trades, {PromptVersions} prompt versions; {Deleted} old backup(s) removed",
                outcome.Backup.Path, outcome.Backup.SizeBytes, outcome.Backup.Trades, outcome.Backup.PromptVersions, outcome.Deleted.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Database backup failed");
            await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "Database backup failed", ex.Message, time.GetUtcNow()), ct);
        }
    }
}

/// <summary>Says once at start-up what the backup will do, so a PostgreSQL operator is not left assuming there are backups.</summary>
public sealed class BackupStartupNote(AppSettings settings, DatabaseBackups backups, ILogger<BackupStartupNote> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!backups.Supported)
            logger.LogWarning("{Note}", DatabaseBackups.PostgreSqlNote);
        else if (settings.Backup.Enabled)
            logger.LogInformation("Database backups on '{Schedule}' KST into {Directory}, keeping {Keep}", settings.Backup.Schedule, backups.Directory, settings.Backup.Keep);
        else
            logger.LogInformation("Scheduled database backups are off (Backup:Enabled=false); the backup command still works");
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}

public static class BackupServices
{
    public static IServiceCollection AddKisTraderBackup(this IServiceCollection services)
    {
        services.AddSingleton<DatabaseBackups>();
        services.AddHostedService<BackupStartupNote>();
        return services;
    }
}
