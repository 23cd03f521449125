using Hangfire;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Core.Reflection;
using Microsoft.Extensions.Options;
using WebReflectionOptions = KisTrader.Web.Hosting.Options.ReflectionOptions;

namespace KisTrader.Web.Reflection;

/// <summary>The weekly reflection. One at a time (the service skips a second run too). When it fails it tries again
/// after Reflection:RetryDelayMinutes on the app's clock, up to Reflection:RetryCount times, announcing each retry and
/// the giving up. Hangfire itself never retries it. A retry the app would reach only after a stop is dropped, as the
/// weekly fire itself is when the app is down.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class ReflectionJob(IReflectionService reflection, IOptions<WebReflectionOptions> options, INotifier notifier, TimeProvider time, ILogger<ReflectionJob> logger)
{
    public const string Failed = "failed";

    /// <param name="stopping">Hangfire's shutdown token: it ends a wait for a retry, never a reflection in progress.</param>
    public async Task RunAsync(CancellationToken stopping)
    {
        for (var attempt = 0; ; attempt++)
        {
            ReflectionRunOutcome outcome;
            try
            {
                outcome = await reflection.ReflectAsync(attempt == 0 ? "schedule" : $"schedule-retry-{attempt}");
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                logger.LogError(ex, "Scheduled reflection threw");
                outcome = new ReflectionRunOutcome(null, null, Failed, ex.Message);
            }
            logger.LogInformation("Scheduled reflection (attempt {Attempt}): {Status} {Summary}", attempt + 1, outcome.Status, outcome.Summary);
            if (!string.Equals(outcome.Status, Failed, StringComparison.OrdinalIgnoreCase))
                return;
            if (attempt >= options.Value.RetryCount)
            {
                await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "Scheduled reflection gave up",
                    $"failed {attempt + 1} time(s); last: {outcome.Summary}", time.GetUtcNow()));
                return;
            }
            var delay = TimeSpan.FromMinutes(options.Value.RetryDelayMinutes);
            var at = time.GetUtcNow() + delay;
            await notifier.NotifyAsync(new Notification(NotificationLevel.Warning, "Scheduled reflection will retry",
                $"{outcome.Summary} · retry {attempt + 1} of {options.Value.RetryCount} at {KisTrader.Core.Market.KoreaTime.Format(at)} KST", time.GetUtcNow()));
            try
            {
                await Task.Delay(delay, time, stopping);
            }
            catch (OperationCanceledException) when (stopping.IsCancellationRequested)
            {
                logger.LogWarning("Scheduled reflection retry {Attempt} dropped: the app is stopping", attempt + 1);
                return;
            }
        }
    }
}

/// <summary>The daily P&amp;L follow-up after the close: fills pnl_7_days and pnl_30_days of trades old enough.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class PnlFollowUpJob(IPnlFollowUp followUp, INotifier notifier, TimeProvider time, ILogger<PnlFollowUpJob> logger)
{
    public async Task RunAsync()
    {
        try
        {
            var r = await followUp.RunAsync();
            logger.LogInformation("P&L follow-up: {Updated7} 7-day and {Updated30} 30-day P&L filled, {Pending} pending, {Errors} errors",
                r.Updated7Days, r.Updated30Days, r.Pending, r.Errors.Count);
            if (r.Errors.Count > 0)
                await notifier.NotifyAsync(new Notification(NotificationLevel.Warning, "P&L follow-up",
                    $"{r.Updated7Days} 7-day and {r.Updated30Days} 30-day P&L filled; {r.Errors.Count} error(s): {string.Join("; ", r.Errors.Take(3))}", time.GetUtcNow()));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "P&L follow-up failed");
            await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "P&L follow-up failed", ex.Message, time.GetUtcNow()));
        }
    }
}
