using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;

namespace KisTrader.Web.Reflection;

/// <summary>
/// Keeps the risk engine's enforced rules on the database's active prompt version when another process changed it
/// (the `reflect` command run beside a live server, a second instance on PostgreSQL): every few seconds it compares the
/// active version number with the one last loaded and reloads the rules when they differ. Changes made in this process
/// already swap the rules themselves; reloading again is harmless.
/// </summary>
public sealed class EnforcedRulesWatcher(IPromptStore store, PromptVersioning versions, TimeProvider time, ILogger<EnforcedRulesWatcher> logger)
    : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromSeconds(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        int? loaded = null;
        using var timer = new PeriodicTimer(Interval, time);
        try
        {
            while (await timer.WaitForNextTickAsync(stoppingToken))
            {
                try
                {
                    var active = await store.GetActiveAsync(PromptVersion.DecisionPrompt, stoppingToken);
                    if (active is null || active.Version == loaded) continue;
                    var change = await versions.LoadEnforcedRulesAsync(stoppingToken);
                    if (loaded is not null)
                        logger.LogInformation("Decision prompt v{Version} became active elsewhere: {Rules} strategy rules enforced now",
                            change.Version.Version, change.Enforced.Count);
                    loaded = change.Version.Version;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    logger.LogError(ex, "Could not check the active prompt version; the enforced rules stay as they are");
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
        }
    }
}
