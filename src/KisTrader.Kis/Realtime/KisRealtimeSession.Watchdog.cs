using KisTrader.Core.Events;

namespace KisTrader.Kis.Realtime;

/// <summary>Staleness watchdog: no data for <see cref="KisClientOptions.StaleFeedAfter"/> while the market is open and
/// trades are subscribed → Stale; the next data frame → Connected. Driven by the injected <see cref="TimeProvider"/>.</summary>
public sealed partial class KisRealtimeSession
{
    private DateTimeOffset _lastActivity;
    private ITimer? _watchdog;

    private void StartWatchdog()
    {
        var period = TimeSpan.FromTicks(Math.Clamp(_options.StaleFeedAfter.Ticks / 4,
            TimeSpan.FromMilliseconds(50).Ticks, TimeSpan.FromSeconds(5).Ticks));
        var timer = _time.CreateTimer(_ => CheckStaleness(), null, period, period);
        lock (_gate)
        {
            _watchdog?.Dispose();
            _watchdog = timer;
        }
    }

    private void StopWatchdog()
    {
        lock (_gate)
        {
            _watchdog?.Dispose();
            _watchdog = null;
        }
    }

    private void CheckStaleness()
    {
        var now = _time.GetUtcNow();
        TimeSpan silentFor;
        lock (_gate)
        {
            if (_state != FeedState.Connected || _trades.Count == 0)
                return;
            silentFor = now - _lastActivity;
        }
        if (silentFor < _options.StaleFeedAfter || !_isMarketOpen(now))
            return;
        SetState(FeedState.Stale, $"no realtime data for {(long)silentFor.TotalSeconds} s while the market is open", onlyFrom: FeedState.Connected);
    }

    private void MarkDataArrived()
    {
        var now = _time.GetUtcNow();
        lock (_gate)
            _lastActivity = now;
        _status.LastDataAt = now;
        SetState(FeedState.Connected, "realtime data resumed", onlyFrom: FeedState.Stale);
    }
}
