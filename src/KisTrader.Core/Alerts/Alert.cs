using KisTrader.Core.Ports;

namespace KisTrader.Core.Alerts;

/// <summary>One alert. <paramref name="Subject"/> is what it is about, and the cooldown's key with the kind: the ticker for
/// a surge, plunge or volume spike, the order id for an order of unknown outcome, "daily" or "weekly" for a loss, null
/// for the feed and the circuit breaker.</summary>
public sealed record Alert(AlertKind Kind, string? Subject, NotificationLevel Level, string Title, string Message, DateTimeOffset At)
{
    /// <summary>A realtime signal on one ticker: the kinds an event run may act on.</summary>
    public bool IsMarketSignal => Kind is AlertKind.Surge or AlertKind.Plunge or AlertKind.VolumeSpike && Subject is not null;

    /// <summary>The ticker of a market signal, else null.</summary>
    public string? Ticker => IsMarketSignal ? Subject : null;

    public Notification ToNotification() => new(Level, Title, Message, At) { RateLimited = true };
}
