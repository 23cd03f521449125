using KisTrader.Core.Approvals;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Risk;
using KisTrader.Data.Instance;
using KisTrader.Kis;

namespace KisTrader.Web.Trading;

/// <summary>
/// Brings trading up after the broker connection (registered after <see cref="Broker.BrokerStartup"/>): reconcile
/// ambiguous orders with the broker before anything can be sent, follow fills, record trades, reject pending approvals
/// when halted, resume runs a crash interrupted; then a maintenance loop settles orders whose outcome is unknown, checks
/// that this process still holds the database (halting if another took it),
/// moves the trading mode on a loss limit, expires approvals and resumes runs decided elsewhere (the daily summary is a
/// scheduled job, <see cref="DailySummaryJob"/>).
/// </summary>
public sealed class TradingStartup(IServiceProvider services, TimeProvider time, ILogger<TradingStartup> logger) : BackgroundService
{
    public static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(10);
    private IDisposable? _followMode;
    // Resolved in StartAsync: the host builds every hosted service before starting the first, and these need the
    // broker connection that BrokerStartup opens.
    private FillTracker fills = null!;
    private TradeRecorder recorder = null!;
    private ApprovalService approvals = null!;
    private GraphRunner<TradingState> runner = null!;
    private LossLimitGuard lossLimits = null!;

    public override async Task StartAsync(CancellationToken cancellationToken)
    {
        var gateway = services.GetRequiredService<OrderGateway>();
        fills = services.GetRequiredService<FillTracker>();
        recorder = services.GetRequiredService<TradeRecorder>();
        approvals = services.GetRequiredService<ApprovalService>();
        runner = services.GetRequiredService<GraphRunner<TradingState>>();
        lossLimits = services.GetRequiredService<LossLimitGuard>();
        // First: reconciliation below is already a step of some order's life, and the trade log must hold every step.
        services.GetRequiredService<KisTrader.Web.Hosting.Logging.TradeEventLog>().Start();
        // Before the web server listens and before the scheduler starts: nothing is sent while an outcome is unknown.
        try
        {
            var r = await gateway.ReconcileAsync(cancellationToken);
            logger.LogInformation("Start-up reconciliation: {Checked} orders checked, {Changed} changed, {Unresolved} unresolved",
                r.Checked, r.Changed, r.Unresolved);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // The gateway keeps refusing sends while ambiguous orders remain; the maintenance loop tries again.
            logger.LogError("Start-up reconciliation failed: {Error}", ex.Message);
        }
        fills.Faulted += ex => logger.LogError("Fill tracking error: {Error}", ex.Message);
        fills.Start();
        recorder.Start();
        _followMode = approvals.FollowTradingMode();
        await base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await StepAsync("record missing trades", async ct =>
        {
            var now = time.GetUtcNow();
            var recorded = await recorder.RecordMissingAsync(now.AddDays(-7), now.AddMinutes(1), ct);
            if (recorded.Count > 0) logger.LogInformation("Recorded {Count} trades missed while the app was down", recorded.Count);
        }, stoppingToken);
        await StepAsync("resume interrupted runs", async ct =>
        {
            foreach (var r in await runner.ResumeInterruptedAsync(ct))
                logger.LogInformation("Resumed interrupted run {RunId}: {Status} {Message}", r.RunId, r.Status, r.Message);
        }, stoppingToken);

        var gateway = services.GetRequiredService<OrderGateway>();
        using var timer = new PeriodicTimer(MaintenanceInterval, time);
        while (await WaitAsync(timer, stoppingToken))
        {
            // An order whose answer was lost (or that start-up could not reconcile) is settled here even when nothing
            // is sent after it: otherwise its fills would wait for the next order or a restart.
            await StepAsync("reconcile unknown orders", async ct =>
            {
                if (await gateway.ReconcileAmbiguousAsync(ct) is { } r)
                    logger.LogInformation("Reconciliation of unknown orders: {Checked} orders checked, {Changed} changed, {Unresolved} unresolved",
                        r.Checked, r.Changed, r.Unresolved);
            }, stoppingToken);
            await StepAsync("instance lock", CheckInstanceLockAsync, stoppingToken);
            await StepAsync("loss limits", async ct =>
            {
                var check = await lossLimits.CheckAsync(ct);
                if (check.Changed is { } changed)
                    logger.LogWarning("Loss limit reached: trading is now {Mode} ({Reason})", changed.Mode, changed.Reason);
            }, stoppingToken);
            await StepAsync("expire approvals", ct => approvals.ExpireDueAsync(time.GetUtcNow(), ct), stoppingToken);
            await StepAsync("resume decided runs", ct => approvals.ResumeDecidedRunsAsync(ct), stoppingToken);
        }
    }

    private bool _haltedForLock;

    /// <summary>Another process holding our database means two may be trading one account: halt (the mode is in the
    /// shared database, so the other stops too) and say so. Once per loss; an admin decides what happens next.</summary>
    private async Task CheckInstanceLockAsync(CancellationToken ct)
    {
        var check = await services.GetRequiredService<InstanceLock>().VerifyAsync(ct);
        switch (check.State)
        {
            case InstanceLockState.Held:
                _haltedForLock = false;
                break;
            case InstanceLockState.Retaken:
                _haltedForLock = false;
                logger.LogWarning("Instance lock: {Detail}", check.Detail);
                break;
            case InstanceLockState.Unreachable:
                logger.LogWarning("Instance lock: {Detail}", check.Detail);
                break;
            case InstanceLockState.TakenByAnother when !_haltedForLock:
                _haltedForLock = true;
                logger.LogError("Instance lock lost to another process; halting trading: {Detail}", check.Detail);
                await services.GetRequiredService<ITradingControl>().HaltAsync(InstanceLockActor,
                    "Another KisTrader process took this database's instance lock: two processes may be trading one account. " + check.Detail, ct);
                break;
        }
    }

    /// <summary>Who halts when the instance lock is lost (audit log, trading state).</summary>
    public const string InstanceLockActor = "system:instance-lock";

    public override async Task StopAsync(CancellationToken cancellationToken)
    {
        _followMode?.Dispose();
        await base.StopAsync(cancellationToken);
        // While the container still stands: their handlers write to the database.
        if (fills is { } following) await following.StopAsync();
        if (recorder is { } started) await started.StopAsync();
    }

    private static async Task<bool> WaitAsync(PeriodicTimer timer, CancellationToken ct)
    {
        try
        {
            return await timer.WaitForNextTickAsync(ct);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task StepAsync(string what, Func<CancellationToken, Task> step, CancellationToken ct)
    {
        try
        {
            await step(ct);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
        }
        catch (Exception ex) when (KisFailures.IsTransient(ex))
        {
            // The broker asked us to slow down or did not answer: the step runs again at the next tick (10 s).
            logger.LogWarning("Trading maintenance ({What}) skipped this time, the broker did not answer: {Error}", what, ex.Message);
        }
        catch (Exception ex)
        {
            logger.LogError("Trading maintenance ({What}) failed: {Error}", what, ex.Message);
        }
    }
}
