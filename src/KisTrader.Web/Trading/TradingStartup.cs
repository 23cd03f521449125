using KisTrader.Core.Approvals;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Risk;
using KisTrader.Data.Instance;
using KisTrader.Kis;

namespace KisTrader.Web.Trading;

/// <summary>
/// Trading's part of the start-up sequence (<see cref="KisTrader.Web.Hosting.Startup.AppStartupSteps"/>), one method per
/// step: reconcile ambiguous orders with the broker before anything can be sent, follow fills, record trades, reject
/// pending approvals when halted, record trades missed while the app was down, resume runs a crash interrupted; then a
/// maintenance loop settles orders whose outcome is unknown, checks that this process still holds the database (halting
/// if another took it), moves the trading mode on a loss limit, expires approvals and resumes runs decided elsewhere
/// (the daily summary is a scheduled job, <see cref="DailySummaryJob"/>). Services are resolved when their step runs:
/// the order gateway needs the broker connection the broker step opens.
/// </summary>
public sealed class TradingStartup(IServiceProvider services, TimeProvider time, ILogger<TradingStartup> logger)
{
    public static readonly TimeSpan MaintenanceInterval = TimeSpan.FromSeconds(10);
    private IDisposable? _followMode;
    private FillTracker? _fills;
    private TradeRecorder? _recorder;
    private CancellationTokenSource? _maintenanceStop;

    /// <summary>The maintenance loop, once started: it ends only when the app stops.</summary>
    public Task? Maintenance { get; private set; }

    /// <summary>Step "reconciliation": before the web server listens and before the scheduler starts, so nothing is sent
    /// while an outcome is unknown. Throws when the broker could not be asked (the gateway keeps refusing sends while
    /// ambiguous orders remain, and the maintenance loop tries again).</summary>
    public async Task ReconcileAsync(CancellationToken ct)
    {
        // First: reconciliation is already a step of some order's life, and the trade log must hold every step.
        services.GetRequiredService<KisTrader.Web.Hosting.Logging.TradeEventLog>().Start();
        var r = await services.GetRequiredService<OrderGateway>().ReconcileAsync(ct);
        logger.LogInformation("Start-up reconciliation: {Checked} orders checked, {Changed} changed, {Unresolved} unresolved",
            r.Checked, r.Changed, r.Unresolved);
    }

    /// <summary>Step "order tracking": fills (notices and polling), the trade records, approvals following the mode.</summary>
    public void StartOrderTracking()
    {
        var fills = services.GetRequiredService<FillTracker>();
        var recorder = services.GetRequiredService<TradeRecorder>();
        fills.Faulted += ex => logger.LogError("Fill tracking error: {Error}", ex.Message);
        services.GetRequiredService<KisTrader.Web.Hosting.Logging.FillPathLog>().Start();
        fills.Start();
        _fills = fills;
        recorder.Start();
        _recorder = recorder;
        _followMode = services.GetRequiredService<ApprovalService>().FollowTradingMode();
    }

    /// <summary>Step "missed trades": fills recorded while the app was down that have no trade record yet.</summary>
    public async Task RecordMissingTradesAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var recorded = await services.GetRequiredService<TradeRecorder>().RecordMissingAsync(now.AddDays(-7), now.AddMinutes(1), ct);
        if (recorded.Count > 0) logger.LogInformation("Recorded {Count} trades missed while the app was down", recorded.Count);
    }

    /// <summary>Step "resume interrupted runs": runs a crash left Running go on from where they stopped.</summary>
    public async Task ResumeInterruptedRunsAsync(CancellationToken ct)
    {
        foreach (var r in await services.GetRequiredService<GraphRunner<TradingState>>().ResumeInterruptedAsync(ct))
            logger.LogInformation("Resumed interrupted run {RunId}: {Status} {Message}", r.RunId, r.Status, r.Message);
    }

    /// <summary>Step "maintenance": starts the loop (every <see cref="MaintenanceInterval"/>) until <see cref="StopMaintenanceAsync"/>.</summary>
    public void StartMaintenance()
    {
        // Resolved now, so a composition error fails the step instead of the loop.
        var gateway = services.GetRequiredService<OrderGateway>();
        var lossLimits = services.GetRequiredService<LossLimitGuard>();
        var approvals = services.GetRequiredService<ApprovalService>();
        _maintenanceStop = new CancellationTokenSource();
        Maintenance = Task.Run(() => MaintainAsync(gateway, lossLimits, approvals, _maintenanceStop.Token));
    }

    private async Task MaintainAsync(OrderGateway gateway, LossLimitGuard lossLimits, ApprovalService approvals, CancellationToken stoppingToken)
    {
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

    /// <summary>Stops the maintenance loop (waiting for its pass), then following fills and recording trades.</summary>
    public async Task StopMaintenanceAsync()
    {
        if (_maintenanceStop is null || Maintenance is null) return;
        await _maintenanceStop.CancelAsync();
        await Maintenance;
        _maintenanceStop.Dispose();
    }

    /// <summary>While the container still stands: their handlers write to the database.</summary>
    public async Task StopOrderTrackingAsync()
    {
        _followMode?.Dispose();
        if (_fills is { } following) await following.StopAsync();
        if (_recorder is { } started) await started.StopAsync();
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
