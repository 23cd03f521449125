using Hangfire;
using Hangfire.Common;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.History;

/// <summary>The scheduled collection after the close (History:CollectCron, History:Enabled).</summary>
public static class HistorySchedule
{
    public const string JobId = "history-collect";

    public static IReadOnlyList<ScheduledJob> Jobs(HistoryOptions history) => history.Enabled
        ? [new(JobId, history.CollectCron, Job.FromExpression<HistoryCollectionJob>(j => j.RunAsync()))]
        : [];
}

/// <summary>Runs the collection; when one is already running (the Data page's button) this fire is skipped.</summary>
[AutomaticRetry(Attempts = 0)]
public sealed class HistoryCollectionJob(HistoryCollection collection, ILogger<HistoryCollectionJob> logger)
{
    public async Task RunAsync()
    {
        if (await collection.TryRunAsync("schedule") is null)
            logger.LogInformation("Scheduled history collection skipped: a collection is already running");
    }
}

public static class HistoryServices
{
    public static IServiceCollection AddKisTraderHistory(this IServiceCollection services)
    {
        services.AddSingleton<HistoryCollection>();
        services.AddSingleton<Core.History.DataQualityService>();
        return services;
    }
}
