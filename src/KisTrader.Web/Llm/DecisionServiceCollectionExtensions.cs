using KisTrader.Core.Decisions;
using KisTrader.Core.Risk;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Http;
using Microsoft.Extensions.DependencyInjection.Extensions;

namespace KisTrader.Web.Llm;

/// <summary>Registers the decision engines: rules always, the LLM engine (an IChatClient over OpenAI or Azure OpenAI) when
/// <see cref="LlmOptions.IsConfigured"/>, the prompt file and the selector (budget and consecutive-failure fallbacks).
/// Needs <see cref="ILlmUsageStore"/> (Data) and a <see cref="TimeProvider"/>.</summary>
public static class DecisionServiceCollectionExtensions
{
    /// <summary>The named HttpClient every LLM call goes through.</summary>
    public const string LlmHttpClient = "llm";

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
            services.AddLlmClient(llm);
            services.AddSingleton(EngineOptions(llm, riskLimits));
            services.AddSingleton<LlmDecisionEngine>(sp => new LlmDecisionEngine(sp.GetRequiredService<ILlmClient>(), sp.GetRequiredService<IPromptSource>(),
                sp.GetRequiredService<ILlmUsageStore>(), sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<LlmEngineOptions>()));
            services.AddSingleton<LoggedDecisionEngine>(sp => new LoggedDecisionEngine(sp.GetRequiredService<LlmDecisionEngine>(),
                sp.GetRequiredService<ILogger<LoggedDecisionEngine>>()));
        }
        services.AddSingleton<IDecisionEngineSelector>(sp => new DecisionEngineSelector(sp.GetRequiredService<RulesDecisionEngine>(),
            llm.IsConfigured ? sp.GetRequiredService<LoggedDecisionEngine>() : null, sp.GetRequiredService<ILlmUsageStore>(), llm.MonthlyBudgetUsd,
            sp.GetRequiredService<TimeProvider>(), llm.MaxConsecutiveFailures));
        return services;
    }

    /// <summary>The LLM's HttpClient (standard resilience handler, its deadline Llm:TimeoutSeconds), the IChatClient over it and
    /// Core's <see cref="ILlmClient"/> port. <paramref name="retryDelay"/> is for tests.</summary>
    public static IServiceCollection AddLlmClient(this IServiceCollection services, LlmOptions llm, TimeSpan? retryDelay = null)
    {
        var timeout = TimeSpan.FromSeconds(llm.TimeoutSeconds);
        services.AddHttpClient(LlmHttpClient)
            // The client is held for the app's life by the SDK pipeline: let the handler recycle connections instead (DNS changes).
            .ConfigurePrimaryHttpMessageHandler(() => new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(5) })
            .SetHandlerLifetime(Timeout.InfiniteTimeSpan)
            .AddPlainHttpResilience(timeout, retryDelay: retryDelay);
        services.AddSingleton(sp => LlmChatClients.Create(llm, sp.GetRequiredService<IHttpClientFactory>().CreateClient(LlmHttpClient)));
        services.AddSingleton<ILlmClient>(sp => new ChatClientLlmClient(sp.GetRequiredService<Microsoft.Extensions.AI.IChatClient>(), llm.Endpoint, timeout));
        return services;
    }

    public static LlmEngineOptions EngineOptions(LlmOptions llm, RiskLimits riskLimits) => new()
    {
        InputUsdPerMillionTokens = llm.EffectiveInputUsdPerMillionTokens,
        OutputUsdPerMillionTokens = llm.EffectiveOutputUsdPerMillionTokens,
        // The same deadline as the HTTP handler's total timeout: whichever notices first, the run reads "timed out after N s".
        Timeout = TimeSpan.FromSeconds(llm.TimeoutSeconds),
        RiskLimits = riskLimits,
    };
}
