using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;
using KisTrader.Web.Scheduling;
using Hangfire;
using Hangfire.Common;

namespace KisTrader.Web.Backup;

/// <summary>The scheduled backup, a recurring job in the same scheduler and zone as the other jobs.</summary>
public static class BackupSchedule
{
    public const string JobId = "database-backup-daily";

    /// <summary>Scheduled only for SQLite: the app does not back up PostgreSQL (see <see cref="DatabaseBackups.PostgreSqlNote"/>).</summary>
    public static bool Wanted(AppSettings settings) => Wanted(settings.Backup, settings.Database);

    public static bool Wanted(BackupOptions backup, DatabaseOptions database) => backup.Enabled && database.Provider == DatabaseProvider.Sqlite;

    public static IReadOnlyList<ScheduledJob> Jobs(BackupOptions backup, DatabaseOptions database) => Wanted(backup, database)
        ? [new(JobId, backup.Schedule, Job.FromExpression<BackupJob>(j => j.RunAsync()))]
        : [];
}

/// <summary>Writes one backup and prunes the old ones. A failure is logged and announced (nobody watches a nightly job).</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class BackupJob(DatabaseBackups backups, INotifier notifier, TimeProvider time, ILogger<BackupJob> logger)
{
    public async Task RunAsync()
    {
        try
        {
            // The backup API copies synchronously; keep it off the caller's thread.
            var outcome = await Task.Run(backups.BackupNow);
            logger.LogInformation("Database backup {Path}: {Size} bytes, {Trades} trades, {PromptVersions} prompt versions; {Deleted} old backup(s) removed",
                outcome.Backup.Path, outcome.Backup.SizeBytes, outcome.Backup.Trades, outcome.Backup.PromptVersions, outcome.Deleted.Count);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Database backup failed");
            await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "Database backup failed", ex.Message, time.GetUtcNow()));
        }
    }
}

/// <summary>Says once at start-up what the backup will do, so a PostgreSQL operator is not left assuming there are backups.</summary>
public sealed class BackupStartupNote(IOptions<BackupOptions> options, DatabaseBackups backups, ILogger<BackupStartupNote> logger) : IHostedService
{
    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (!backups.Supported)
            logger.LogWarning("{Note}", DatabaseBackups.PostgreSqlNote);
        else if (options.Value.Enabled)
            logger.LogInformation("Database backups on '{Schedule}' KST into {Directory}, keeping {Keep}", options.Value.Schedule, backups.Directory, options.Value.Keep);
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
        services.AddSingleton<BackupStartupNote>();
        return services;
    }
}
