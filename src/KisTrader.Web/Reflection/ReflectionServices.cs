using KisTrader.Core.Decisions;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Reflection;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Core.Prompts;
using KisTrader.Core.Reflection;
using KisTrader.Web.Hosting;
using CoreReflectionOptions = KisTrader.Core.Reflection.ReflectionOptions;
using WebReflectionOptions = KisTrader.Web.Hosting.Options.ReflectionOptions;

namespace KisTrader.Web.Reflection;

/// <summary>Composes the reflection graph: the prompt archive in {DataDirectory}/prompts (with a git commit when
/// Reflection:GitCommit), prompt versioning, the prompt source the LLM engine reads (the active version), the graph, the
/// service, the P&amp;L follow-up, the start-up seeding and the notifications. The stores come from Data, the enforced
/// rule set (ActiveStrategyRules) from the trading composition. Domain types come from Core; this only wires.</summary>
public static class ReflectionServices
{
    /// <summary>The reflection graph's name in graph_runs.</summary>
    public const string GraphName = ReflectionGraph.Name;

    public static IServiceCollection AddKisTraderReflection(this IServiceCollection services, AppSettings settings)
    {
        services.AddSingleton(CoreOptionsFrom(settings.Reflection));
        var archiveDirectory = Path.Combine(settings.Database.FullDataDirectory, "prompts");
        services.AddSingleton<IPromptArchive>(sp =>
        {
            var files = new FilePromptArchive(archiveDirectory, sp.GetRequiredService<TimeProvider>());
            return settings.Reflection.GitCommit
                ? new GitPromptArchive(files, Trading.TradingServices.PromptPath(settings), sp.GetRequiredService<INotifier>(),
                    sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ILogger<GitPromptArchive>>())
                : files;
        });
        services.AddSingleton<PromptVersioning>();
        // The LLM engine reads the active version (AddKisTraderDecisions keeps the file only as the seed of version 1).
        services.AddSingleton<IPromptSource, DbPromptSource>();
        services.AddSingleton(sp => new RoundTripMatcher());
        services.AddSingleton<ReflectionRecord>();
        services.AddSingleton(sp => new BrokerCrossChecker(sp.GetRequiredService<IAccountReader>()));
        services.AddSingleton<AggregatePerformanceNode>();
        if (settings.Llm.IsConfigured)
        {
            // The LLM's analysis adds insights and rule proposals; without an LLM, the statistics alone do.
            var template = AnalysisPromptPath(settings);
            services.AddSingleton(sp => new LlmReflectionAnalyst(sp.GetRequiredService<ILlmClient>(), File.ReadAllText(template),
                TimeSpan.FromSeconds(settings.Llm.TimeoutSeconds)));
            services.AddSingleton(sp => new AnalyzeFactorsNode(sp.GetRequiredService<ReflectionRecord>(), sp.GetRequiredService<IReflectionReportStore>(),
                sp.GetRequiredService<CoreReflectionOptions>(), sp.GetRequiredService<LlmReflectionAnalyst>()));
        }
        else
        {
            services.AddSingleton(sp => new AnalyzeFactorsNode(sp.GetRequiredService<ReflectionRecord>(), sp.GetRequiredService<IReflectionReportStore>(),
                sp.GetRequiredService<CoreReflectionOptions>()));
        }
        // Each proposed rule (and a rule being retired) is backtested over the look-back from the market-history store;
        // GenerateRulesNode and ReflectionService take it as an optional dependency.
        services.AddSingleton(sp => new RuleBacktestEvaluator(sp.GetRequiredService<IMarketHistory>(), BacktestSettingsFrom(settings)));
        services.AddSingleton<GenerateRulesNode>();
        services.AddSingleton<UpdatePromptNode>();
        services.AddSingleton<ReflectionGraph>();
        services.AddSingleton(sp => new GraphRunner<ReflectionState>(
            sp.GetRequiredService<ReflectionGraph>().Definition, sp.GetRequiredService<IGraphStore>(),
            sp.GetRequiredService<IEventBus>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ReflectionService>();
        services.AddSingleton<IReflectionService, LoggedReflectionService>();
        services.AddSingleton<IPnlFollowUp>(sp => new PnlFollowUp(sp.GetRequiredService<ITradeStore>(), sp.GetRequiredService<IMarketData>(),
            sp.GetRequiredService<TimeProvider>(), calendar: sp.GetRequiredService<KrxCalendar>()));

        // Started and stopped by the start-up sequence (Hosting/Startup/AppStartupSteps): seeding v1 and loading the
        // enforced rules come before reconciliation, the resumed runs and the scheduler.
        services.AddSingleton<ReflectionStartup>();
        services.AddSingleton<EnforcedRulesWatcher>();
        services.AddSingleton<ReflectionNotifications>();
        return services;
    }

    /// <summary>The reflection analysis prompt, copied next to the app from the repository's prompts/.</summary>
    public static string AnalysisPromptPath(AppSettings settings) =>
        Path.Combine(Path.GetDirectoryName(Trading.TradingServices.PromptPath(settings))!, "reflection_analysis_prompt.md") is { } beside && File.Exists(beside)
            ? beside
            : Path.Combine(AppContext.BaseDirectory, "prompts", "reflection_analysis_prompt.md");

    public static CoreReflectionOptions CoreOptionsFrom(WebReflectionOptions o) => new()
    {
        PeriodDays = o.PeriodDays,
        LookbackDays = o.LookbackDays,
        MinTrades = o.MinTrades,
        AutoAdopt = o.AutoAdopt,
        MaxRulesPerRun = o.MaxRulesPerRun,
        BacktestDrawdownTolerance = o.BacktestDrawdownTolerancePercent / 100d,
    };

    /// <summary>What a rule is backtested with: the live configuration (risk limits, rules-engine options, watchlist).</summary>
    public static RuleBacktestSettings BacktestSettingsFrom(AppSettings settings) => new()
    {
        Tickers = [.. settings.Trading.EffectiveWatchlist],
        RiskLimits = Trading.TradingServices.RiskLimitsFrom(settings.Risk),
        RulesOptions = settings.Trading.Rules.ToOptions(settings.Risk),
    };
}
