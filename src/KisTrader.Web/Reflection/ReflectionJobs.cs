using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using KisTrader.Web.Hosting;
using Quartz;

namespace KisTrader.Web.Reflection;

/// <summary>The weekly reflection. One at a time (DisallowConcurrentExecution; the service skips a second run too). When
/// it fails, it schedules itself once more after Reflection:RetryDelayMinutes, up to Reflection:RetryCount times; the
/// attempt number travels in the retry trigger's data.</summary>
[DisallowConcurrentExecution]
public sealed class ReflectionJob(IReflectionService reflection, AppSettings settings, INotifier notifier, TimeProvider time, ILogger<ReflectionJob> logger)
    : IJob
{
    public const string Failed = "failed";

    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        if (!ReflectionSchedule.IsConfigured(settings, context.Trigger.Key))
        {
            logger.LogInformation("Removing schedule trigger {Trigger}: no longer configured", context.Trigger.Key);
            await context.Scheduler.UnscheduleJob(context.Trigger.Key, ct);
            return;
        }
        var attempt = AttemptOf(context);
        ReflectionRunOutcome outcome;
        try
        {
            outcome = await reflection.ReflectAsync(attempt == 0 ? "schedule" : $"schedule-retry-{attempt}", ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Scheduled reflection threw");
            outcome = new ReflectionRunOutcome(null, null, Failed, ex.Message);
        }
        logger.LogInformation("Scheduled reflection (attempt {Attempt}): {Status} {Summary}", attempt + 1, outcome.Status, outcome.Summary);
        if (!string.Equals(outcome.Status, Failed, StringComparison.OrdinalIgnoreCase))
            return;
        if (attempt >= settings.Reflection.RetryCount)
        {
            await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "Scheduled reflection gave up",
                $"failed {attempt + 1} time(s); last: {outcome.Summary}", time.GetUtcNow()), ct);
            return;
        }
        var at = time.GetUtcNow().AddMinutes(settings.Reflection.RetryDelayMinutes);
        var retry = TriggerBuilder.Create()
            .ForJob(ReflectionSchedule.ReflectionJobKey)
            .WithIdentity($"retry-{at.ToUnixTimeSeconds()}-{attempt + 1}", ReflectionSchedule.RetryGroup)
            .UsingJobData(ReflectionSchedule.AttemptKey, (attempt + 1).ToString(System.Globalization.CultureInfo.InvariantCulture))
            .StartAt(at)
            // A retry missed while the app was down is dropped, like the weekly run itself.
            .WithSimpleSchedule(s => s.WithMisfireInstruction(SimpleTriggerMisfireInstruction.NextWithRemainingCount))
            .Build();
        await context.Scheduler.ScheduleJob(retry, cancellationToken: ct);
        await notifier.NotifyAsync(new Notification(NotificationLevel.Warning, "Scheduled reflection will retry",
            $"{outcome.Summary} · retry {attempt + 1} of {settings.Reflection.RetryCount} at {KisTrader.Core.Market.KoreaTime.Format(at)} KST", time.GetUtcNow()), ct);
    }

    private static int AttemptOf(IJobExecutionContext context) =>
        context.Trigger.JobDataMap.TryGetValue(ReflectionSchedule.AttemptKey, out var v) && int.TryParse(v?.ToString(), out var n) ? n : 0;
}

/// <summary>The daily P&amp;L follow-up after the close: fills pnl_7_days and pnl_30_days of trades old enough.</summary>
[DisallowConcurrentExecution]
public sealed class PnlFollowUpJob(IPnlFollowUp followUp, AppSettings settings, INotifier notifier, TimeProvider time, ILogger<PnlFollowUpJob> logger) : IJob
{
    public async ValueTask Execute(IJobExecutionContext context, CancellationToken ct)
    {
        if (!ReflectionSchedule.IsConfigured(settings, context.Trigger.Key))
        {
            logger.LogInformation("Removing schedule trigger {Trigger}: no longer configured", context.Trigger.Key);
            await context.Scheduler.UnscheduleJob(context.Trigger.Key, ct);
            return;
        }
        try
        {
            var r = await followUp.RunAsync(ct);
            logger.LogInformation("P&L follow-up: {Updated7} 7-day and {Updated30} 30-day P&L filled, {Pending} pending, {Errors} errors",
                r.Updated7Days, r.Updated30Days, r.Pending, r.Errors.Count);
            if (r.Errors.Count > 0)
                await notifier.NotifyAsync(new Notification(NotificationLevel.Warning, "P&L follow-up",
                    $"{r.Updated7Days} 7-day and {r.Updated30Days} 30-day P&L filled; {r.Errors.Count} error(s): {string.Join("; ", r.Errors.Take(3))}", time.GetUtcNow()), ct);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "P&L follow-up failed");
            await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "P&L follow-up failed", ex.Message, time.GetUtcNow()), ct);
        }
    }
}
