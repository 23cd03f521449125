using System.Globalization;
using Hangfire;
using Hangfire.Common;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.Trading;

/// <summary>The day's summary, sent by a recurring job at 15:40 KST every day (the simulator may trade on any day; a day
/// without activity sends nothing). A restart after 15:40 does not send it again: the missed fire is skipped.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class DailySummaryJob(DailySummaryReporter reporter, ILogger<DailySummaryJob> logger)
{
    public static ScheduledJob Job { get; } = new("daily-summary",
        string.Create(CultureInfo.InvariantCulture, $"0 {DailySummaryReporter.SendAfterKst.Minutes} {DailySummaryReporter.SendAfterKst.Hours} * * *"),
        Hangfire.Common.Job.FromExpression<DailySummaryJob>(j => j.SendAsync()));

    public async Task SendAsync()
    {
        var summary = await reporter.SendIfDueAsync();
        logger.LogInformation("Daily summary: {Result}", summary is null ? "nothing to send (before 15:40 KST, already sent, or no activity today)" : summary.Title);
    }
}
