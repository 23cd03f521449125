using KisTrader.Core.Reflection;

namespace KisTrader.Web.Reflection;

/// <summary>
/// Before anything can trade: seeds prompt version 1 from the baseline file when the store has none, and loads the
/// rules of the active version into the risk engine's rule set. Registered before the operational start-up and the
/// scheduler, so no run (resumed, scheduled or "Run now") ever decides on an unseeded prompt or without its rules.
/// A failure stops start-up: trading without the adopted rules would loosen what an admin decided.
/// </summary>
public sealed class ReflectionStartup(IServiceProvider services, ILogger<ReflectionStartup> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var active = await services.GetRequiredService<IReflectionService>().GetActivePromptAsync(cancellationToken);
        var rules = await ReflectionServices.LoadEnforcedRulesAsync(services, cancellationToken);
        logger.LogInformation("Decision prompt v{Version} is active with {Rules} enforced strategy rules", active.Version, rules);
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;
}
