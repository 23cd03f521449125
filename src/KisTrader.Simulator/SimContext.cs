using KisTrader.Simulator.Auth;
using KisTrader.Simulator.Realtime;
using Microsoft.Extensions.Logging;

namespace KisTrader.Simulator;

/// <summary>The parts of a running simulator that the endpoints share.</summary>
internal sealed class SimContext
{
    public required SimulatorSettings Settings { get; init; }
    public required SimExchange Exchange { get; init; }
    public required AuthRegistry Auth { get; init; }
    public required RateLimiter Limiter { get; init; }
    public required SimulatorFaults Faults { get; init; }
    public required RealtimeHub Hub { get; init; }
    public required ILogger Logger { get; init; }
    /// <summary>Writes the state file now (no-op without StateDirectory).</summary>
    public required Action Persist { get; init; }
    public bool Paper => Settings.Mode == SimulatorMode.Paper;
}
