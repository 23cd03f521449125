using KisTrader.Core.Decisions;
using KisTrader.Core.Risk;
using KisTrader.Web.Hosting.Options;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KisTrader.Web.Llm;

/// <summary>Registers the decision engines: rules always, the LLM engine (OpenAI SDK) when <see cref="LlmOptions.IsConfigured"/>,
/// the prompt file and the budget-aware selector. Needs <see cref="ILlmUsageStore"/> (Data) and a <see cref="TimeProvider"/>.</summary>
public static class DecisionServiceCollectionExtensions
{
    public static IServiceCollection AddKisTraderDecisions(this IServiceCollection services, LlmOptions llm, RiskLimits riskLimits,
        string promptPath, RulesEngineOptions? rules = null)
    {
        services.AddSingleton(rules ?? new RulesEngineOptions());
        services.AddSingleton<RulesDecisionEngine>(sp => new RulesDecisionEngine(sp.GetRequiredService<RulesEngineOptions>()));
        // The baseline file; the app's prompt source is the active version in the database (AddKisTraderReflection
        // registers it first), and the file alone serves when this is composed without the reflection graph.
        services.AddSingleton(new FilePromptSource(promptPath));
        services.TryAddSingleton<IPromptSource>(sp => sp.GetRequiredService<FilePromptSource>());
        if (llm.IsConfigured)
        {
            services.AddSingleton<ILlmClient>(new OpenAiLlmClient(llm));
            services.AddSingleton(new LlmEngineOptions
            {
                InputUsdPerMillionTokens = llm.InputUsdPerMillionTokens,
                OutputUsdPerMillionTokens = llm.OutputUsdPerMillionTokens,
                Timeout = TimeSpan.FromSeconds(llm.TimeoutSeconds),
                RiskLimits = riskLimits,
            });
            services.AddSingleton<LlmDecisionEngine>(sp => new LlmDecisionEngine(sp.GetRequiredService<ILlmClient>(), sp.GetRequiredService<IPromptSource>(),
                sp.GetRequiredService<ILlmUsageStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LlmEngineOptions>()));
        }
        services.AddSingleton<IDecisionEngineSelector>(sp => new DecisionEngineSelector(sp.GetRequiredService<RulesDecisionEngine>(),
            llm.IsConfigured ? sp.GetRequiredService<LlmDecisionEngine>() : null, sp.GetRequiredService<ILlmUsageStore>(), llm.MonthlyBudgetUsd,
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
