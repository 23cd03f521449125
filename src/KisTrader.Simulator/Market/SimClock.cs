namespace KisTrader.Simulator.Market;

/// <summary>
/// Simulated market time: runs <c>acceleration</c> times faster than the host clock from the moment
/// the simulator starts. Auth and rate limits use the host clock (a token must not expire 100× faster).
/// </summary>
public sealed class SimClock : TimeProvider
{
    private readonly TimeProvider _host;
    private readonly int _acceleration;
    private readonly DateTimeOffset _anchor;

    public SimClock(TimeProvider host, int acceleration)
    {
        _host = host;
        _acceleration = Math.Max(1, acceleration);
        _anchor = host.GetUtcNow();
    }

    public TimeProvider Host => _host;

    public override DateTimeOffset GetUtcNow()
    {
        var now = _host.GetUtcNow();
        return _acceleration == 1 ? now : _anchor + (now - _anchor) * _acceleration;
    }
}
