using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Rules;
using KisTrader.Web.Hosting;

namespace KisTrader.Web.Reflection;

/// <summary>Composes the reflection graph: stores (Data), the prompt archive (optionally with git), prompt versioning,
/// the enforced rule set the risk engine reads, the prompt source the LLM engine reads, the graph, the service, the
/// P&amp;L follow-up, the start-up seeding and the notifications. Domain types come from Core; this only wires.</summary>
public static class ReflectionServices
{
    /// <summary>The reflection graph's name in graph_runs.</summary>
    public const string GraphName = "reflection";

    public static IServiceCollection AddKisTraderReflection(this IServiceCollection services, AppSettings settings)
    {
        services.AddHostedService<ReflectionStartup>();
        services.AddHostedService<ReflectionNotifications>();
        return services;
    }

    /// <summary>Loads the active version's rules into the enforced set; returns how many are enforced.</summary>
    public static async Task<int> LoadEnforcedRulesAsync(IServiceProvider services, CancellationToken ct)
    {
        var active = await services.GetRequiredService<IPromptStore>().GetActiveAsync(PromptVersion.DecisionPrompt, ct);
        var rules = active is { RuleIds.Count: > 0 }
            ? await services.GetRequiredService<IStrategyRuleStore>().GetManyAsync(active.RuleIds, ct)
            : [];
        var enforced = services.GetRequiredService<ActiveStrategyRules>();
        var skipped = enforced.Replace(rules);
        if (skipped.Count > 0)
            services.GetRequiredService<ILogger<ActiveStrategyRules>>().LogWarning("Strategy rules not enforced: {Skipped}", string.Join("; ", skipped));
        return enforced.Current.Count;
    }
}
