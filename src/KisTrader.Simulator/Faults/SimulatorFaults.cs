using KisTrader.Simulator.Auth;

namespace KisTrader.Simulator;

/// <summary>
/// Fault injection at run time: the same operations as the control endpoint (/sim/control/…).
/// Thread-safe; the settings object handed out is a copy.
/// </summary>
public sealed class SimulatorFaults
{
    private readonly Lock _gate = new();
    private readonly Random _random;
    private readonly AuthRegistry _auth;
    private FaultSettings _current;
    private long _rateLimitErrors, _serverErrors, _droppedOrderResponses, _disconnectedSessions, _malformedFrames, _silencedFrames, _tokenExpiries;
    /// <summary>Aborts every open session; returns how many it aborted.</summary>
    internal Func<int>? DisconnectAll { get; set; }

    internal SimulatorFaults(FaultSettings initial, int seed, AuthRegistry auth)
    {
        _current = initial.Clone();
        _random = new Random(seed);
        _auth = auth;
    }

    /// <summary>A copy of the faults in force.</summary>
    public FaultSettings Current { get { lock (_gate) return _current.Clone(); } }

    /// <summary>Replaces all faults. Throws <see cref="ArgumentException"/> naming the field when a value is out of range.</summary>
    public void Set(FaultSettings faults)
    {
        var errors = faults.Validate();
        if (errors.Count > 0) throw new ArgumentException(string.Join("; ", errors), nameof(faults));
        lock (_gate) _current = faults.Clone();
    }

    /// <summary>Changes some faults: <c>Update(f => f.SilenceFeed = true)</c>.</summary>
    public void Update(Action<FaultSettings> change)
    {
        lock (_gate)
        {
            var next = _current.Clone();
            change(next);
            Set(next);
        }
    }

    /// <summary>No faults at all (configured ones included).</summary>
    public void Reset() { lock (_gate) _current = new FaultSettings(); }

    /// <summary>Every issued access token is expired from now on (EGW00123); new ones can be issued at once.</summary>
    public void ExpireTokens()
    {
        _auth.ExpireAll();
        Interlocked.Increment(ref _tokenExpiries);
    }

    /// <summary>Drops every open WebSocket session now.</summary>
    public void DisconnectWebSockets() => CountDisconnects(DisconnectAll?.Invoke() ?? 0);

    /// <summary>How many faults were injected since the simulator started (<see cref="Reset"/> does not clear them).</summary>
    public FaultCounts Injected => new(
        Interlocked.Read(ref _rateLimitErrors), Interlocked.Read(ref _serverErrors), Interlocked.Read(ref _droppedOrderResponses),
        Interlocked.Read(ref _disconnectedSessions), Interlocked.Read(ref _malformedFrames), Interlocked.Read(ref _silencedFrames),
        Interlocked.Read(ref _tokenExpiries));

    internal bool InjectServerError() => Counted(Chance(f => f.ServerErrorRate), ref _serverErrors);
    internal bool InjectRateLimitError() => Counted(Chance(f => f.RateLimitErrorRate), ref _rateLimitErrors);
    internal bool InjectMalformedFrame() => Counted(Chance(f => f.MalformedFrameRate), ref _malformedFrames);
    /// <summary>Whether a data frame is withheld because the feed is silenced (counted).</summary>
    internal bool SilenceFrame() => Counted(Silenced, ref _silencedFrames);
    internal void CountDisconnects(int sessions) => Interlocked.Add(ref _disconnectedSessions, sessions);

    private static bool Counted(bool injected, ref long counter)
    {
        if (injected) Interlocked.Increment(ref counter);
        return injected;
    }

    internal bool Chance(Func<FaultSettings, double> rate)
    {
        lock (_gate)
        {
            var r = rate(_current);
            return r > 0 && _random.NextDouble() < r;
        }
    }

    internal int LatencyMs { get { lock (_gate) return _current.LatencyMs; } }
    internal bool Silenced { get { lock (_gate) return _current.SilenceFeed; } }
    internal int DisconnectEverySeconds { get { lock (_gate) return _current.WebSocketDisconnectEverySeconds; } }

    /// <summary>Whether the response of an order just accepted is to be dropped (consumes one of DropNextOrderResponses).</summary>
    internal bool TakeOrderResponseDrop()
    {
        lock (_gate)
        {
            if (_current.DropNextOrderResponses > 0) { _current.DropNextOrderResponses--; return Counted(true, ref _droppedOrderResponses); }
            return Counted(_current.DropOrderResponseRate > 0 && _random.NextDouble() < _current.DropOrderResponseRate, ref _droppedOrderResponses);
        }
    }
}

/// <summary>Faults injected so far, by kind. Disconnects count the sessions aborted (periodic fault and on request).</summary>
public sealed record FaultCounts(
    long RateLimitErrors,
    long ServerErrors,
    long DroppedOrderResponses,
    long DisconnectedSessions,
    long MalformedFrames,
    long SilencedFrames,
    long TokenExpiries);
