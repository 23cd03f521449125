namespace KisTrader.Core.Ports;

public enum NotificationLevel
{
    Info,
    Success,
    Warning,
    Error,
}

/// <summary>Something a person should hear about: a run finished, an order filled, trading halted, a limit hit.</summary>
public sealed record Notification(NotificationLevel Level, string Title, string Message, DateTimeOffset At)
{
    /// <summary>Subject to each channel's rate limit (alerts, which can come in bursts); other notifications (fills,
    /// halts, runs) always go out.</summary>
    public bool RateLimited { get; init; }
}

/// <summary>Delivers notifications (dashboard toasts, a Slack-compatible webhook, e-mail). Never throws: a failed
/// channel is logged and the others still deliver.</summary>
public interface INotifier
{
    Task NotifyAsync(Notification notification, CancellationToken ct = default);
}
