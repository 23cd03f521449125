using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;
using Quartz;

namespace KisTrader.Web.Reflection;

/// <summary>The weekly reflection and the daily P&amp;L follow-up, in the same persistent Quartz store and zone as the
/// operational runs. A failed scheduled reflection is retried by one-off triggers in <see cref="RetryGroup"/>.</summary>
public static class ReflectionSchedule
{
    public static readonly JobKey ReflectionJobKey = new("reflection", "kistrader");
    public static readonly JobKey PnlFollowUpJobKey = new("pnl-followup", "kistrader");
    public static readonly TriggerKey WeeklyTrigger = new("reflection-weekly", "kistrader");
    public static readonly TriggerKey PnlTrigger = new("pnl-followup-daily", "kistrader");
    public const string RetryGroup = "kistrader-reflection-retry";
    public const string AttemptKey = "attempt";

    public static void Configure(IQuartzBuilder q, AppSettings settings)
    {
        q.AddJob<ReflectionJob>(j => j.WithIdentity(ReflectionJobKey).StoreDurably());
        q.AddJob<PnlFollowUpJob>(j => j.WithIdentity(PnlFollowUpJobKey).StoreDurably());
        if (!settings.Reflection.Enabled)
            return;
        q.AddTrigger(t => t.ForJob(ReflectionJobKey).WithIdentity(WeeklyTrigger)
            .WithCronSchedule(settings.Reflection.Schedule, c => c.InTimeZone(SchedulingSetup.Kst).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
        q.AddTrigger(t => t.ForJob(PnlFollowUpJobKey).WithIdentity(PnlTrigger)
            .WithCronSchedule(settings.Reflection.PnlFollowUpSchedule, c => c.InTimeZone(SchedulingSetup.Kst).WithMisfireInstruction(CronTriggerMisfireInstruction.DoNothing)));
    }

    /// <summary>Whether a trigger that fired is still wanted: the configured cron triggers, and the retries while
    /// reflection is enabled. Anything else was left by an older configuration.</summary>
    public static bool IsConfigured(AppSettings settings, TriggerKey key) =>
        settings.Reflection.Enabled && (key.Equals(WeeklyTrigger) || key.Equals(PnlTrigger) || key.Group == RetryGroup);
}
