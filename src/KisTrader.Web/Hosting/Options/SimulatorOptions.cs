using System.ComponentModel.DataAnnotations;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Simulator")]
public sealed class SimulatorOptions
{
    /// <summary>Cash of a demo account opened on first use, in KRW.</summary>
    [Range(typeof(decimal), "1000000", "100000000000", ErrorMessage = "must be between 1,000,000 and 100,000,000,000 KRW")]
    public decimal InitialCash { get; set; } = 100_000_000m;
    /// <summary>Seed of the price process: the same seed gives the same market.</summary>
    public int Seed { get; set; } = 42;
    /// <summary>Trade around the clock (the demo default) instead of KRX session hours.</summary>
    public bool AlwaysOpen { get; set; } = true;
    /// <summary>The built-in simulator and the app share one clock running this many times faster than the host:
    /// sessions, nights, day changes and the schedule pass N× faster; request time-outs and market ticks stay host time
    /// (see <see cref="AcceleratedClock"/>). 1 = the system clock.</summary>
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10000")]
    public int TimeAcceleration { get; set; } = 1;
    /// <summary>The shared clock's rate during KRX sessions (09:00–15:30 KST on trading days) when it should differ from
    /// <see cref="TimeAcceleration"/>, which then applies to nights and weekends: a slower session leaves a run's wall
    /// seconds a small part of the simulated day. Null = <see cref="TimeAcceleration"/> all the time.</summary>
    [Range(1, 10_000, ErrorMessage = "must be between 1 and 10000")]
    public int? SessionAcceleration { get; set; }
    /// <summary>Where that shared clock starts (e.g. 2026-03-04T08:50:00+09:00); null = now. For demos and tests on a
    /// fresh data directory: the app's records and the simulator's state are stamped on this calendar.</summary>
    public DateTimeOffset? ClockStart { get; set; }
    /// <summary>Loopback port of the built-in simulator; 0 picks a free one (shown on the System page).</summary>
    [Range(0, 65535, ErrorMessage = "must be a TCP port (0 picks a free one)")]
    public int Port { get; set; }
}
