namespace KisTrader.Core.Ports;

/// <summary>In-process publish/subscribe of typed events (ticks, fills, feed state). Publishing never blocks on a slow subscriber.</summary>
public interface IEventBus
{
    void Publish<T>(T message) where T : notnull;

    /// <summary>Handlers run on a background reader, one message at a time per subscription. Dispose to stop.</summary>
    IDisposable Subscribe<T>(Func<T, CancellationToken, ValueTask> handler) where T : notnull;
}
