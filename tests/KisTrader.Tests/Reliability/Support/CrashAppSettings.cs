namespace KisTrader.Tests.Reliability.Support;

/// <summary>The app's configuration for the crash harness (environment variables): the standalone simulator as the
/// broker, approval off, a run every second (back to back: a run in progress makes the next tick skip), a rules engine that buys what it does not hold and sells what it holds on
/// every cycle, risk limits that let it, and a 1 s absence grace (the simulator saves an order before it answers, so
/// its list never lags; KIS keeps the 30 s default).</summary>
internal static class CrashAppSettings
{
    public const int AbsenceGraceSeconds = 1;

    public static Dictionary<string, string> For(SimulatorProcess sim, bool schedule) => new()
    {
        ["Kis__Environment"] = "Simulator",
        ["Kis__RestBaseUrl"] = sim.BaseUrl.ToString(),
        ["Kis__WebSocketUrl"] = sim.WebSocketUrl.ToString(),
        ["Trading__ApprovalMode"] = "Off",
        ["Trading__ScheduleEnabled"] = schedule ? "true" : "false",
        ["Trading__SimulatorCron"] = "* * * * * ?",
        ["Trading__OrderAbsenceGraceSeconds"] = AbsenceGraceSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
        // Limits the rules engine prices at the last trade rest at times: cancel them after a minute (cancels are part of the path).
        ["Trading__StaleOrderMinutes"] = "1",
        // Four tickers, not the default eight: a cycle reaches its orders in half the quote calls.
        ["Trading__Watchlist__0"] = "005930",
        ["Trading__Watchlist__1"] = "035720",
        ["Trading__Watchlist__2"] = "035420",
        ["Trading__Watchlist__3"] = "005380",
        // Buy every ticker not held (any move between -29% and +29.9% is "momentum", volume is no object), sell every
        // holding (any RSI is "overbought"): a cycle alternates buys and sells of the whole watchlist.
        ["Trading__Rules__VolumeSurgeRatio"] = "0",
        ["Trading__Rules__MomentumMinChangePercent"] = "-29",
        ["Trading__Rules__MomentumMaxChangePercent"] = "29.9",
        ["Trading__Rules__BreakoutMaxRsi"] = "100",
        ["Trading__Rules__OverboughtRsi"] = "0",
        ["Trading__Rules__MaxBuysPerRun"] = "3",
        ["Trading__Rules__BuyFractionOfEquity"] = "0.01",
        ["Risk__MaxOrdersPerDay"] = "10000",
        ["Risk__DailyLossLimitPercent"] = "50",
        ["Risk__WeeklyLossLimitPercent"] = "50",
        ["Reflection__Enabled"] = "false",
        ["Backup__Enabled"] = "false",
        ["Logs__MinimumLevel"] = "Information",
        // A process that lives seconds: no tiered-PGO instrumentation, one GC heap (two cores, two processes).
        ["DOTNET_TieredPGO"] = "0",
        ["DOTNET_gcServer"] = "0",
    };
}
