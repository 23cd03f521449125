using System.Globalization;
using KisTrader.Core.Market;

namespace KisTrader.Testing.Soak;

/// <summary>
/// The app's configuration for a simulated trading week, shared by the soak test (tests/KisTrader.Tests/Reliability)
/// and the soak benchmark (goal 7), so both judge the same app: the built-in simulator on a two-rate clock from a
/// Wednesday 08:30 KST with the KRX hours, the rules engine set to trade a lot, approval off.
/// </summary>
public static class SoakSettings
{
    /// <summary>Wednesday before the open (the calendar starts once the app is up).</summary>
    public static readonly DateTimeOffset ClockStart = new(2026, 3, 4, 8, 30, 0, KoreaTime.Offset);

    /// <summary>Outside sessions: a night in about 9 wall seconds.</summary>
    public const int Acceleration = 7200;

    /// <summary>In sessions: 6.5 hours in 26 wall seconds. A run's work is wall time; at 3600× a run of a few busy wall
    /// seconds cost hours of the session, and on a loaded machine a day's orders reached the exchange after the close.</summary>
    public const int SessionAcceleration = 900;

    /// <summary>The rules engine set to trade a lot: every watched ticker qualifies for a buy (volume_surge with no volume
    /// or change condition), at most three buys a run of 1% of equity each, positions sold at ±0.2%. Shared with the
    /// decision-cycle benchmark (goal 2), which needs orders in every run too.</summary>
    public static IReadOnlyDictionary<string, string?> TradeALot { get; } = new Dictionary<string, string?>
    {
        ["Trading:Rules:VolumeSurgeRatio"] = "0",
        ["Trading:Rules:MomentumMinChangePercent"] = "-30",
        ["Trading:Rules:MomentumMaxChangePercent"] = "29.9",
        ["Trading:Rules:BreakoutMaxRsi"] = "100",
        ["Trading:Rules:TakeProfitPercent"] = "0.2",
        ["Trading:Rules:StopLossPercent"] = "-0.2",
        ["Trading:Rules:MaxBuysPerRun"] = "3",
        ["Trading:Rules:BuyFractionOfEquity"] = "0.01",
    };

    /// <param name="schedule">false: the same app idle (feed, simulator, web server; no runs), the benchmark's baseline.</param>
    public static Dictionary<string, string?> Week(bool schedule = true) => new(TradeALot)
    {
        ["Simulator:TimeAcceleration"] = Acceleration.ToString(CultureInfo.InvariantCulture),
        ["Simulator:SessionAcceleration"] = SessionAcceleration.ToString(CultureInfo.InvariantCulture),
        ["Simulator:ClockStart"] = ClockStart.ToString("O"),
        ["Simulator:AlwaysOpen"] = "false",
        ["Simulator:InitialCash"] = "1000000000",
        ["Trading:ScheduleEnabled"] = schedule ? "true" : "false",
        ["Trading:ApprovalMode"] = "Off",
        // The daily order cap is reached every day and must reset at the day change for the next day to trade.
        ["Risk:MaxOrdersPerDay"] = "40",
        ["Risk:MaxOrderValueKrw"] = "20000000",
        // The Sunday reflection still runs and proposes rules; adopting them could block every entry on Monday
        // and Tuesday (it did once: one fill on Tuesday), and the soak asserts trading on every day.
        ["Reflection:AutoAdopt"] = "false",
        // The weekly retraining is CPU-bound wall time (about a minute, several under load): on this calendar it ran from
        // Sunday evening through Monday's and Tuesday's sessions, competing with the runs and holding its training set at
        // every heap sample, which a production Sunday night never does. Its own tests cover it.
        ["Ml:Training:Enabled"] = "false",
        // The production default (the test host's is in memory): the soak judges the embedded storage.
        ["Database:JobStorage"] = "Auto",
    };

    /// <summary>A generous wall-time limit for the calendar to move from <paramref name="now"/> to <paramref name="at"/>:
    /// three times the wall time at the slower (session) rate, plus a minute (two cores shared with other work).</summary>
    public static TimeSpan WallLimit(DateTimeOffset now, DateTimeOffset at) => (at - now) / SessionAcceleration * 3 + TimeSpan.FromMinutes(1);
}
