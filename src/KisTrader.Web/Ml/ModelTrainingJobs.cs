using Hangfire;
using Hangfire.Common;
using KisTrader.Core.Errors;
using KisTrader.Core.Ml.Drift;
using KisTrader.Core.Ml.Training;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.Ml;

/// <summary>The weekly retraining (Ml:Training:Schedule, an hour after the weekly reflection by default) and the daily
/// drift check (Ml:Drift:Schedule, half an hour after the history collection by default); each switched off by its
/// Enabled key.</summary>
public static class ModelTrainingSchedule
{
    public const string RetrainJobId = "ml-retrain-weekly";
    public const string DriftJobId = "ml-drift-daily";

    public static IReadOnlyList<ScheduledJob> Jobs(MlOptions ml) =>
    [
        .. ml.Training.Enabled ? [new ScheduledJob(RetrainJobId, ml.Training.Schedule, Job.FromExpression<RetrainJob>(j => j.RunAsync(CancellationToken.None)))] : Array.Empty<ScheduledJob>(),
        .. ml.Drift.Enabled ? [new ScheduledJob(DriftJobId, ml.Drift.Schedule, Job.FromExpression<DriftCheckJob>(j => j.RunAsync(CancellationToken.None)))] : Array.Empty<ScheduledJob>(),
    ];
}

/// <summary>Retrains every configured trainer on the latest window through the shared service; a run already going (the
/// Models page's) means this fire is skipped, not queued. A failed run is announced.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class RetrainJob(IModelTrainingService training, INotifier notifier, TimeProvider time, ILogger<RetrainJob> logger)
{
    /// <param name="stopping">Hangfire's shutdown token: it cancels the run between trainers (nothing half-registered).</param>
    public async Task RunAsync(CancellationToken stopping)
    {
        TrainingProgress last;
        try
        {
            last = await training.RunAsync(new TrainingRequest("all", null, null, "schedule", "weekly"), stopping);
        }
        catch (TradingSystemException ex)
        {
            logger.LogInformation("Weekly retraining skipped: {Reason}", ex.Message);
            return;
        }
        if (last.Error is not null)
            await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "Weekly retraining failed", last.Message, time.GetUtcNow()));
        else
            await notifier.NotifyAsync(new Notification(NotificationLevel.Info, "Weekly retraining", last.Message, time.GetUtcNow()));
    }
}

/// <summary>Checks the active model's drift (the monitor stores the report and raises the alert).</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class DriftCheckJob(IDriftMonitor monitor, DriftOptions options, INotifier notifier, TimeProvider time, ILogger<DriftCheckJob> logger)
{
    public async Task RunAsync(CancellationToken stopping)
    {
        try
        {
            var report = await monitor.CheckAsync(options.Signal, stopping);
            if (report is null)
                logger.LogInformation("Drift check of {Signal}: nothing to check (no active model with a training baseline, or no recent data)", options.Signal);
            else
                logger.LogInformation("Drift check of {Signal} v{Version}: max PSI {Psi:0.###} over {Rows} rows, alert {Alert}", report.Signal, report.ModelVersion,
                    report.Features.Count == 0 ? 0 : report.Features.Max(f => f.Psi), report.RecentRows, report.Alert);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError(ex, "Drift check of {Signal} failed", options.Signal);
            await notifier.NotifyAsync(new Notification(NotificationLevel.Error, "Drift check failed", ex.Message, time.GetUtcNow()));
        }
    }
}
