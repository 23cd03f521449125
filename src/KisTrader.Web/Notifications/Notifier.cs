using KisTrader.Core.Alerts;
using KisTrader.Core.Events;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Http;

namespace KisTrader.Web.Notifications;

/// <summary>Fans a notification out to the dashboard (toasts), the webhook and e-mail when configured. A failing channel
/// is logged and never stops the others or the caller. Alerts (<see cref="Notification.RateLimited"/>) are rate-limited per
/// channel (Notifications:DashboardPerMinute, WebhookPerMinute, EmailPerHour): past its limit an alert is dropped from that
/// channel with a log line, so a burst (a market-wide plunge on every watched ticker) cannot flood a chat room or a mailbox
/// nor get the webhook throttled. Other notifications (fills, halts, runs) are not counted and never dropped.</summary>
public sealed class Notifier(IEventBus bus, NotificationsOptions options, IHttpClientFactory http, ILogger<Notifier> logger, TimeProvider time)
    : INotifier
{
    public const string HttpClientName = "notifications";

    private readonly SlidingWindowLimit _dashboard = new(options.DashboardPerMinute, TimeSpan.FromMinutes(1), time);
    private readonly SlidingWindowLimit _webhook = new(options.WebhookPerMinute, TimeSpan.FromMinutes(1), time);
    private readonly SlidingWindowLimit _email = new(options.EmailPerHour, TimeSpan.FromHours(1), time);

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
        if (Admit("dashboard", _dashboard, notification))
            bus.Publish(new NotificationRaised(notification));
        await SendExternalAsync(notification, ct);
    }

    /// <summary>The webhook and e-mail only, for a notification whose toast was already raised on the bus.</summary>
    public async Task SendExternalAsync(Notification notification, CancellationToken ct = default)
    {
        if (options.WebhookUrl is { } url && Admit("webhook", _webhook, notification))
            await TryAsync("webhook", () => new WebhookNotifier(http.CreateClient(HttpClientName), url).SendAsync(notification, ct));
        if (!string.IsNullOrWhiteSpace(options.SmtpHost) && Admit("e-mail", _email, notification))
            await TryAsync("e-mail", () => new EmailNotifier(options).SendAsync(notification, ct));
    }

    private bool Admit(string channel, SlidingWindowLimit limit, Notification notification)
    {
        if (!notification.RateLimited || limit.TryAcquire()) return true;
        logger.LogWarning("Notification '{Title}' not sent by {Channel}: over its limit of {Max} per {Per}", notification.Title, channel, limit.Max, limit.Per);
        return false;
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
