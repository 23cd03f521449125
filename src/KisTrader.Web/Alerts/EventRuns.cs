using System.Collections.Concurrent;
using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.Alerts;

/// <summary>What one alert did to event runs: the trigger of the run it started (and the run, to await), or why none.</summary>
public sealed record EventRunAttempt(string? Trigger, string Reason, Task<OperationalRunOutcome>? Run);

/// <summary>Trading:EventRuns: a surge, plunge or volume-spike alert on a watched ticker starts an operational run scoped to
/// that ticker at once, through the same runner as the schedule (same graph, risk checks and approval mode). At most one
/// per ticker per Trading:EventRunCooldownMinutes. A graph already running means the event run is skipped and logged,
/// never queued (the runner's own rule); the ticker's turn is then given back.</summary>
public sealed class EventRuns(EventRunPolicy policy, IOperationalRunner runner, IEventBus bus, ILogger<EventRuns> logger) : IHostedService
{
    private IDisposable? _subscription;
    private readonly CancellationTokenSource _stopping = new();
    private readonly ConcurrentDictionary<Task, byte> _running = new();

    public Task StartAsync(CancellationToken cancellationToken)
    {
        if (policy.Enabled)
            _subscription = bus.Subscribe<AlertRaised>((e, _) => { Handle(e.Alert); return ValueTask.CompletedTask; });
        return Task.CompletedTask;
    }

    /// <summary>Starts the alert's event run if the policy allows; does not wait for the run (the next alert must not queue
    /// behind it).</summary>
    public EventRunAttempt Handle(Alert alert)
    {
        var (trigger, reason) = policy.TryClaim(alert);
        if (trigger is null)
        {
            if (alert.IsMarketSignal && policy.Enabled)
                logger.LogInformation("No event run for {Kind} {Ticker}: {Reason}", alert.Kind, alert.Ticker, reason);
            return new EventRunAttempt(null, reason, null);
        }
        var run = RunAsync(trigger, alert.Ticker!);
        _running.TryAdd(run, 0);
        _ = run.ContinueWith(t => _running.TryRemove(t, out _), TaskScheduler.Default);
        return new EventRunAttempt(trigger, "started", run);
    }

    private async Task<OperationalRunOutcome> RunAsync(string trigger, string ticker)
    {
        // Off the bus's pump: the run takes as long as a decision does.
        await Task.Yield();
        logger.LogInformation("Event run ({Trigger}) starting", trigger);
        try
        {
            var outcome = await runner.RunAsync(trigger, _stopping.Token);
            if (outcome.Status == OperationalRunner.Skipped)
            {
                policy.Release(ticker);
                logger.LogInformation("Event run ({Trigger}) skipped, not queued: {Reason}", trigger, outcome.Summary);
            }
            else
            {
                logger.LogInformation("Event run ({Trigger}) {Status}: {Summary}", trigger, outcome.Status, outcome.Summary);
            }
            return outcome;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogError("Event run ({Trigger}) failed: {Error}", trigger, ex.Message);
            return new OperationalRunOutcome(null, "Failed", ex.Message);
        }
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        await _stopping.CancelAsync();
        try
        {
            await Task.WhenAll(_running.Keys).WaitAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is OperationCanceledException or TimeoutException)
        {
        }
    }
}
