using KisTrader.Data;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using Quartz;

namespace KisTrader.Web.Scheduling;

/// <summary>Quartz with its persistent store in the app's own database (QRTZ_* tables), so the schedule and its
/// history survive restarts. KRX hours on weekdays; every 5 minutes on the always-open simulator.</summary>
public static class SchedulingSetup
{
    public static readonly JobKey OperationalJob = new("operational-graph", "kistrader");

    /// <summary>The triggers' zone. A system zone, not a custom one: Quartz stores the zone's id with each trigger in its
    /// database and looks it up again when it loads the trigger.</summary>
    public static TimeZoneInfo Kst => _kst.Value;

    private static readonly Lazy<TimeZoneInfo> _kst = new(() =>
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                "The time zone Asia/Seoul is not available: install the tz database (Debian: apt-get install tzdata) or set Trading:ScheduleEnabled=false.", ex);
        }
    });

    public static IReadOnlyList<string> CronExpressions(AppSettings settings) =>
        settings.Kis.Environment == KisEnvironment.Simulator && settings.Simulator.AlwaysOpen
            ? [settings.Trading.SimulatorCron]
            : settings.Trading.ScheduleCron;

    /// <summary>The operational triggers the configuration wants (none when the trading schedule is off).</summary>
    public static IReadOnlyList<TriggerKey> TriggerKeys(AppSettings settings) => settings.Trading.ScheduleEnabled
        ? [.. CronExpressions(settings).Select((_, i) => new TriggerKey($"operational-{i}", "kistrader"))]
        : [];

    public static IServiceCollection AddKisTraderScheduling(this IServiceCollection services, AppSettings settings)
    {
        // One scheduler for the operational runs, the reflection jobs and the backup; each may be switched off on its own.
        if (!settings.Trading.ScheduleEnabled && !settings.Reflection.Enabled && !Backup.BackupSchedule.Wanted(settings))
            return services;
        services.AddQuartz(q =>
        {
            q.UsePersistentStore(s =>
            {
                if (settings.Database.Provider == DatabaseProvider.PostgreSql)
                    s.UsePostgres(settings.Database.ResolveConnectionString());
                else
                    s.UseSqlite(settings.Database.ResolveConnectionString());
                s.UseSystemTextJsonSerializer();
                s.ProvisionSchema();
            });
            // One durable job, one trigger per cron line (the default needs two: 09:05-14:55 and 15:05/15:15).
            q.AddJob<OperationalGraphJob>(j => j.WithIdentity(OperationalJob).StoreDurably());
            if (settings.Trading.ScheduleEnabled)
            {
                var crons = CronExpressions(settings);
                for (var i = 0; i < crons.Count; i++)
                {
                    var cron = crons[i];
                    var key = TriggerKeys(settings)[i];
                    q.AddTrigger(t => t.ForJob(OperationalJob).WithIdentity(key)
                        .WithCronSchedule(cron, c => c.InTimeZone(Kst).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
                }
            }
            Reflection.ReflectionSchedule.Configure(q, settings);
            Backup.BackupSchedule.Configure(q, settings);
        });
        services.AddQuartzHostedService(o => o.WaitForJobsToComplete = true);
        return services;
    }
}
