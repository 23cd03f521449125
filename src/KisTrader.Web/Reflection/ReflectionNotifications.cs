using System.Threading.Channels;
using KisTrader.Core.Events;
using KisTrader.Core.Graphs;
using KisTrader.Core.Ports;

namespace KisTrader.Web.Reflection;

/// <summary>Announces finished reflection runs (schedule, "Reflect now", the API or the CLI alike) through the notifier:
/// toasts, webhook and e-mail. Sending happens on its own loop so the event bus is never held up.</summary>
public sealed class ReflectionNotifications(IEventBus bus, INotifier notifier, TimeProvider time) : BackgroundService
{
    private readonly Channel<Notification> _queue = Channel.CreateBounded<Notification>(
        new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
    private IDisposable? _subscription;

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe<RunUpdated>((e, _) =>
        {
            if (For(e.Run) is { } n) _queue.Writer.TryWrite(n);
            return ValueTask.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var n in _queue.Reader.ReadAllAsync(stoppingToken))
                await notifier.NotifyAsync(n, stoppingToken);
        }
        catch (OperationCanceledException)
        {
        }
    }

    public override Task StopAsync(CancellationToken cancellationToken)
    {
        _subscription?.Dispose();
        _queue.Writer.TryComplete();
        return base.StopAsync(cancellationToken);
    }

    private Notification? For(GraphRun run)
    {
        if (run.Graph != ReflectionServices.GraphName) return null;
        return run.Status switch
        {
            RunStatus.Completed => new Notification(NotificationLevel.Success, "Reflection completed", $"{run.Trigger}: {run.Summary}", time.GetUtcNow()),
            RunStatus.Failed => new Notification(NotificationLevel.Error, "Reflection failed", $"{run.Trigger}: {run.Error ?? run.Summary}", time.GetUtcNow()),
            _ => null,
        };
    }
}
