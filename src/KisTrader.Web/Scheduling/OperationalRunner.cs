using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.Options;

namespace KisTrader.Web.Scheduling;

/// <summary>Starts operational runs for the schedule, "Run now" and the command line. KRX closing days are skipped
/// (cron cannot express holidays); the always-open simulator trades every day.</summary>
public sealed class OperationalRunner(
    GraphRunner<TradingState> runner,
    KrxCalendar calendar,
    IOptions<KisOptions> kis,
    IOptions<SimulatorOptions> simulator,
    TimeProvider time,
    ILogger<OperationalRunner> logger) : IOperationalRunner
{
    public const string Skipped = "Skipped";

    public async Task<OperationalRunOutcome> RunAsync(string trigger, CancellationToken ct = default)
    {
        var alwaysOpen = kis.Value.Environment == KisEnvironment.Simulator && simulator.Value.AlwaysOpen;
        var now = time.GetUtcNow();
        // Only the schedule respects the calendar: an admin's "Run now" or the CLI may still want a diagnosis on a holiday.
        if (trigger == "schedule" && !alwaysOpen && !calendar.IsTradingDay(now))
            return new OperationalRunOutcome(null, Skipped, $"KRX is closed on {now.ToKst():yyyy-MM-dd}");
        var result = await runner.StartAsync(trigger, ct);
        if (result.Skipped)
        {
            logger.LogInformation("Operational run ({Trigger}) skipped: {Reason}", trigger, result.Message);
            return new OperationalRunOutcome(result.RunId, Skipped, result.Message);
        }
        return new OperationalRunOutcome(result.RunId, result.Status?.ToString() ?? "Unknown", result.Message);
    }
}
