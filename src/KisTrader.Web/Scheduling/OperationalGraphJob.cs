using Hangfire;
using Hangfire.Common;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Scheduling;

/// <summary>The recurring operational run. Thin on purpose: the graph does the work. A fire while a run is in progress
/// is skipped (the runner's lease, across processes too; <see cref="JobGuard"/> in this one) and never retried.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class OperationalGraphJob(IOperationalRunner runner, ILogger<OperationalGraphJob> logger)
{
    /// <summary>The recurring jobs are "operational-0", "operational-1", … one per cron line.</summary>
    public const string JobName = "operational";

    public static IReadOnlyList<ScheduledJob> Jobs(AppSettings settings) => Jobs(settings.Kis, settings.Simulator, settings.Trading);

    public static IReadOnlyList<ScheduledJob> Jobs(KisOptions kis, SimulatorOptions simulator, TradingOptions trading) => trading.ScheduleEnabled
        ? [.. SchedulingSetup.CronExpressions(kis, simulator, trading).Select((cron, i) =>
            new ScheduledJob($"{JobName}-{i}", cron, Job.FromExpression<OperationalGraphJob>(j => j.RunAsync())))]
        : [];

    public static bool IsConfigured(KisOptions kis, SimulatorOptions simulator, TradingOptions trading, string recurringJobId) =>
        Jobs(kis, simulator, trading).Any(j => j.Id == recurringJobId);

    /// <summary>Not cancelled when the app stops: a run in progress finishes (as Quartz waited for its jobs), and a run
    /// interrupted by a crash is resumed by the runner at the next start.</summary>
    public async Task RunAsync()
    {
        var outcome = await runner.RunAsync("schedule");
        logger.LogInformation("Scheduled operational run: {Status} {Summary}", outcome.Status, outcome.Summary);
    }
}
