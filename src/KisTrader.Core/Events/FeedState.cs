namespace KisTrader.Core.Events;

public enum FeedState
{
    Disconnected,
    Connecting,
    Connected,
    /// <summary>Connected, but no data arrived for longer than allowed while the market is open.</summary>
    Stale,
    Reconnecting,
}
