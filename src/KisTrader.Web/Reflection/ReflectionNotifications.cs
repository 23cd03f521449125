using System.Threading.Channels;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Web.Notifications;

namespace KisTrader.Web.Reflection;

/// <summary>ReflectionService raises its "Reflection completed/failed" notifications on the event bus (the dashboard's
/// toasts); this forwards those to the webhook and e-mail, on its own loop so a slow mail server never holds up the bus.</summary>
public sealed class ReflectionNotifications(IEventBus bus, Notifier notifier) : BackgroundService
{
    private readonly Channel<Notification> _queue = Channel.CreateBounded<Notification>(
        new BoundedChannelOptions(100) { FullMode = BoundedChannelFullMode.DropOldest });
    private IDisposable? _subscription;

    public static bool IsReflection(Notification n) => n.Title is "Reflection completed" or "Reflection failed";

    public override Task StartAsync(CancellationToken cancellationToken)
    {
        _subscription = bus.Subscribe<NotificationRaised>((e, _) =>
        {
            if (IsReflection(e.Notification)) _queue.Writer.TryWrite(e.Notification);
            return ValueTask.CompletedTask;
        });
        return base.StartAsync(cancellationToken);
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var n in _queue.Reader.ReadAllAsync(stoppingToken))
                await notifier.SendExternalAsync(n, stoppingToken);
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
}
