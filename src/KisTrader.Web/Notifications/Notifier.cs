using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Http;

namespace KisTrader.Web.Notifications;

/// <summary>Fans a notification out to the dashboard (toasts), the webhook and e-mail when configured. A failing channel
/// is logged and never stops the others or the caller.</summary>
public sealed class Notifier(IEventBus bus, NotificationsOptions options, IHttpClientFactory http, ILogger<Notifier> logger) : INotifier
{
    public const string HttpClientName = "notifications";

    /// <summary>The webhook's HttpClient: the standard resilience handler, 10 s per attempt and 30 s in all; a 503 or a refused
    /// connection is sent again, a timed-out or 500 attempt is not (the message may have been posted).
    /// <paramref name="retryDelay"/> is for tests.</summary>
    public static IServiceCollection AddNotificationsHttpClient(IServiceCollection services, TimeSpan? retryDelay = null)
    {
        services.AddHttpClient(HttpClientName).AddPlainHttpResilience(TimeSpan.FromSeconds(30), TimeSpan.FromSeconds(10), retryDelay);
        return services;
    }

    public async Task NotifyAsync(Notification notification, CancellationToken ct = default)
    {
        bus.Publish(new NotificationRaised(notification));
        await SendExternalAsync(notification, ct);
    }

    /// <summary>The webhook and e-mail only, for a notification whose toast was already raised on the bus.</summary>
    public async Task SendExternalAsync(Notification notification, CancellationToken ct = default)
    {
        if (options.WebhookUrl is { } url)
            await TryAsync("webhook", () => new WebhookNotifier(http.CreateClient(HttpClientName), url).SendAsync(notification, ct));
        if (!string.IsNullOrWhiteSpace(options.SmtpHost))
            await TryAsync("e-mail", () => new EmailNotifier(options).SendAsync(notification, ct));
    }

    private async Task TryAsync(string channel, Func<Task> send)
    {
        try
        {
            await send();
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            logger.LogWarning("Notification by {Channel} failed: {Error}", channel, ex.Message);
        }
    }
}
