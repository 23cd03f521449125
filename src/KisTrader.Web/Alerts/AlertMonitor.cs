using System.Threading.Channels;
using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.Execution;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;

namespace KisTrader.Web.Alerts;

/// <summary>Whether the KIS circuit breaker is open now (false before the broker connection has started).</summary>
public sealed class CircuitReading(Func<bool> isOpen)
{
    public bool IsOpen => isOpen();
}

/// <summary>Feeds the alert detector: realtime ticks and loss-limit checks from the bus, and every
/// <see cref="HealthPeriod"/> the circuit breaker and the ledger's orders of unknown outcome. Each alert is published on
/// the bus (<see cref="AlertRaised"/>: event runs listen) and notified (dashboard, webhook, e-mail, each rate-limited by
/// the notifier) from its own loop, so a slow mail server never holds up the ticks.</summary>
public sealed class AlertMonitor(
    AlertDetector detector,
    RiskLimits limits,
    IEventBus bus,
    INotifier notifier,
    IOrderLedger ledger,
    CircuitReading circuit,
    TimeProvider time,
    ILogger<AlertMonitor> logger) : BackgroundService
{
    public static readonly TimeSpan HealthPeriod = TimeSpan.FromSeconds(5);
    private static readonly LedgerOrderStatus[] Unknown = [LedgerOrderStatus.Unknown];

    private readonly Channel<Alert> _queue = Channel.CreateBounded<Alert>(new BoundedChannelOptions(1000) { FullMode = BoundedChannelFullMode.DropOldest });
    private readonly List<IDisposable> _subscriptions = [];
    private PeriodicTimer? _healthTimer;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        // Made here, not in ExecuteAsync (which runs on a background thread): the first reading is due one period after start.
        _healthTimer = new PeriodicTimer(HealthPeriod, time);
        _subscriptions.Add(bus.Subscribe<TickReceived>((e, _) => Raise(detector.OnTick(e.Tick))));
        _subscriptions.Add(bus.Subscribe<LossLimitsChecked>((e, _) => Raise(detector.OnLossCheck(e.Check.Status, limits))));
        return base.StartAsync(cancellationToken);
    }

    /// <summary>One health reading (the periodic loop calls it; tests too).</summary>
    public async Task CheckHealthAsync(CancellationToken ct)
    {
        var unknown = await ledger.ListByStatusAsync(Unknown, ct);
        await Raise(detector.CheckHealth(circuit.IsOpen, unknown));
    }

    protected override Task ExecuteAsync(CancellationToken stoppingToken) => Task.WhenAll(SendLoopAsync(stoppingToken), HealthLoopAsync(stoppingToken));

    private async Task SendLoopAsync(CancellationToken ct)
    {
        try
        {
            await foreach (var alert in _queue.Reader.ReadAllAsync(ct))
                await notifier.NotifyAsync(alert.ToNotification(), ct);
        }
        catch (OperationCanceledException)
        {
        }
    }

    private async Task HealthLoopAsync(CancellationToken ct)
    {
        using var timer = _healthTimer ?? new PeriodicTimer(HealthPeriod, time);
        try
        {
            while (await timer.WaitForNextTickAsync(ct))
            {
                try
                {
                    await CheckHealthAsync(ct);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // A database hiccup costs one reading, never the monitor.
                    logger.LogWarning("Alert health check failed: {Error}", ex.Message);
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
    }

    private ValueTask Raise(IReadOnlyList<Alert> alerts)
    {
        foreach (var alert in alerts)
        {
            logger.LogWarning("Alert {Kind} {Subject}: {Message}", alert.Kind, alert.Subject, alert.Message);
            bus.Publish(new AlertRaised(alert));
            _queue.Writer.TryWrite(alert);
        }
        return ValueTask.CompletedTask;
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        foreach (var s in _subscriptions) s.Dispose();
        _subscriptions.Clear();
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }
}
