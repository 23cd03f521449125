using Hangfire.Common;
using KisTrader.Web.Hosting;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.Reflection;

/// <summary>The weekly reflection and the daily P&amp;L follow-up, recurring jobs in the same scheduler and zone as the
/// operational runs. A failed scheduled reflection is retried by the job itself (<see cref="ReflectionJob"/>).</summary>
public static class ReflectionSchedule
{
    /// <summary>The name the Reflection page asks <see cref="NextRunInfo"/> about ("reflection-weekly").</summary>
    public const string ReflectionJobKey = "reflection";
    public const string WeeklyJobId = "reflection-weekly";
    public const string PnlJobId = "pnl-followup-daily";

    public static IReadOnlyList<ScheduledJob> Jobs(AppSettings settings) => Jobs(settings.Reflection);

    public static IReadOnlyList<ScheduledJob> Jobs(KisTrader.Web.Hosting.Options.ReflectionOptions reflection) => reflection.Enabled
        ?
        [
            new(WeeklyJobId, reflection.Schedule, Job.FromExpression<ReflectionJob>(j => j.RunAsync(CancellationToken.None))),
            new(PnlJobId, reflection.PnlFollowUpSchedule, Job.FromExpression<PnlFollowUpJob>(j => j.RunAsync())),
        ]
        : [];

    /// <summary>Whether a recurring job is one this configuration wants (anything else was left by an older one and is
    /// removed at start).</summary>
    public static bool IsConfigured(KisTrader.Web.Hosting.Options.ReflectionOptions reflection, string recurringJobId) =>
        reflection.Enabled && recurringJobId is WeeklyJobId or PnlJobId;
}
