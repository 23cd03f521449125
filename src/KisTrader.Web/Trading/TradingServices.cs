using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Portfolio;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Web.Alerts;
using KisTrader.Web.Broker;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
using KisTrader.Web.Ml;
using KisTrader.Web.Reflection;
using KisTrader.Web.Scheduling;

namespace KisTrader.Web.Trading;

/// <summary>Composes the operational graph: risk engine, order gateway, fill tracking, decision engines, the six nodes,
/// the runner, approvals, recording, the schedule and notifications. All domain types come from Core; this only wires.</summary>
public static class TradingServices
{
    public static IServiceCollection AddKisTraderTrading(this IServiceCollection services, AppSettings settings)
    {
        var limits = RiskLimitsFrom(settings.Risk);
        var onAlwaysOpenSimulator = settings.Kis.Environment == KisEnvironment.Simulator && settings.Simulator.AlwaysOpen;

        services.AddSingleton(limits);
        services.AddSingleton(sp => new RiskEngine(sp.GetRequiredService<RiskLimits>()));
        services.AddSingleton<ITradingUniverse>(new StaticTradingUniverse(settings.Trading.EffectiveWatchlist));
        // The rules of the active prompt version (loaded by ReflectionStartup, swapped whenever the active version changes).
        services.AddSingleton<ActiveStrategyRules>();
        services.AddSingleton<IStrategyRules>(sp => sp.GetRequiredService<ActiveStrategyRules>());
        // One balance read per run (DiagnosePortfolio), reused by the run's risk checks; prices from the realtime feed.
        services.AddSingleton(sp => new AccountSnapshots(sp.GetRequiredService<IAccountReader>(), sp.GetRequiredService<TimeProvider>(),
            AppClock.LinkSilence(settings, BalanceReuseMaxAge)));
        services.AddSingleton(sp => new RiskQuotes(sp.GetRequiredService<TickCache>(), sp.GetRequiredService<IMarketData>(),
            () => sp.GetRequiredService<IRealtimeFeed>().State, sp.GetRequiredService<TimeProvider>(), AppClock.LinkSilence(settings, RealtimeQuoteMaxAge)));
        services.AddSingleton(sp => new RiskContextBuilder(sp.GetRequiredService<IAccountReader>(), sp.GetRequiredService<IMarketData>(),
            sp.GetRequiredService<IOrderLedger>(), sp.GetRequiredService<ITradingModeStore>(), sp.GetRequiredService<IStrategyRules>(),
            sp.GetRequiredService<ITradingUniverse>(), sp.GetRequiredService<IEquityMarks>(), sp.GetRequiredService<TimeProvider>())
        {
            Balances = sp.GetRequiredService<AccountSnapshots>(),
            Quotes = sp.GetRequiredService<RiskQuotes>(),
        });
        services.AddSingleton<LedgerRecorder>();
        services.AddSingleton(new SlippageBound(settings.Trading.MaxSlippageTicks, settings.Trading.MaxSlippagePercent));
        services.AddSingleton(sp => new MarketablePricer(
            sp.GetRequiredService<TickCache>(), sp.GetRequiredService<OrderBookCache>(), sp.GetRequiredService<IMarketData>(),
            () => sp.GetRequiredService<IRealtimeFeed>().State, sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<SlippageBound>(),
            // A quote older than this is not the market any more: one REST order-book read instead (wall time on the accelerated clock).
            AppClock.LinkSilence(settings, RealtimeQuoteMaxAge)));
        // The only place the order router is handed out (Architecture/OrderFunctionTests): OrderGateway checks risk and
        // writes the intent before sending.
        services.AddSingleton(sp => new OrderGateway(
            sp.GetRequiredService<RiskEngine>(),
            sp.GetRequiredService<RiskContextBuilder>(),
            sp.GetRequiredService<LedgerRecorder>(),
            sp.GetRequiredService<BrokerRuntime>().OrderRouter,
            sp.GetRequiredService<IAccountReader>(),
            sp.GetRequiredService<TimeProvider>())
        {
            AbsenceGrace = TimeSpan.FromSeconds(settings.Trading.OrderAbsenceGraceSeconds),
            Pricer = sp.GetRequiredService<MarketablePricer>(),
        });
        services.AddSingleton<IOrderGateway>(sp => sp.GetRequiredService<OrderGateway>());
        services.AddSingleton(new FillTrackerOptions
        {
            CancelStaleAfter = TimeSpan.FromMinutes(settings.Trading.StaleOrderMinutes),
            IsSessionOpen = onAlwaysOpenSimulator ? null : KisTrader.Kis.Realtime.KrxSessionHours.IsRegularSession,
        });
        services.AddSingleton<FillTracker>();
        services.AddSingleton<TradingControl>();
        services.AddSingleton<ITradingControl>(sp => sp.GetRequiredService<TradingControl>());
        services.AddSingleton<LossLimitGuard>();

        // Before the decision engines (it supplies their prompt source: the active version) and before the trading start-up
        // and the scheduler (prompt v1 seeded and the enforced rules loaded before any run).
        services.AddKisTraderReflection(settings);
        services.AddKisTraderDecisions(settings.Llm, limits, PromptPath(settings), settings.Trading.Rules.ToOptions(settings.Risk));
        services.AddSingleton(new MarketAnalyzerOptions
        {
            // The demo simulator trades around the clock: session progress (for volume surges) runs on its clock.
            Session = onAlwaysOpenSimulator ? SessionClock.AlwaysOpen : SessionClock.Krx,
            Calendar = new KrxCalendar(settings.Trading.Holidays),
            // The simulator's market steps in wall time: on an accelerated clock a tick is "old" only after that much wall time.
            StaleAfter = AppClock.LinkSilence(settings, new MarketAnalyzerOptions().StaleAfter),
        });
        services.AddSingleton<IMarketAnalyzer>(sp => new MarketAnalyzer(
            sp.GetRequiredService<TickCache>(), sp.GetRequiredService<IMarketData>(), sp.GetRequiredService<IRealtimeFeed>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<MarketAnalyzerOptions>()));

        services.AddSingleton(GraphOptionsFrom(settings.Trading));
        services.AddSingleton<EquityRecorder>();
        services.AddSingleton(sp => new DiagnosePortfolioNode(sp.GetRequiredService<IAccountReader>(), sp.GetRequiredService<EquityRecorder>(),
            sp.GetRequiredService<TimeProvider>())
        {
            Balances = sp.GetRequiredService<AccountSnapshots>(),
        });
        services.AddSingleton<AnalyzeMarketNode>();
        services.AddSingleton<DecideNode>();
        services.AddSingleton<ApprovalProposals>();
        services.AddSingleton<CheckRiskNode>();
        services.AddSingleton<ExecuteOrdersNode>();
        services.AddSingleton<RecordAndReportNode>();
        services.AddSingleton<TradeRecorder>();
        services.AddSingleton<OperationalGraph>();
        services.AddSingleton(sp => new GraphRunner<TradingState>(
            sp.GetRequiredService<OperationalGraph>().Definition, sp.GetRequiredService<IGraphStore>(),
            sp.GetRequiredService<IEventBus>(), sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ApprovalService>();
        services.AddSingleton<IApprovalDecisions>(sp => sp.GetRequiredService<ApprovalService>());
        services.AddSingleton(new KrxCalendar(settings.Trading.Holidays));
        services.AddSingleton<IOperationalRunner, OperationalRunner>();
        services.AddSingleton<NextRunInfo>();
        services.AddSingleton<DailySummaryReporter>();

        // Started and stopped by the start-up sequence (Hosting/Startup/AppStartupSteps).
        services.AddSingleton<TradingStartup>();
        services.AddSingleton<TradingNotifications>();
        services.AddKisTraderAlerts(settings);
        services.AddKisTraderScheduling(settings);
        services.AddKisTraderModelRegistry(settings);
        services.AddKisTraderModelTraining(settings);
        return services;
    }

    /// <summary>How long a run's balance read serves its risk checks (a decision by an LLM can take a minute); an approval
    /// sent later reads the balance again.</summary>
    public static readonly TimeSpan BalanceReuseMaxAge = TimeSpan.FromMinutes(2);

    /// <summary>How old a realtime quote may be and still price an order or feed a risk check.</summary>
    public static readonly TimeSpan RealtimeQuoteMaxAge = TimeSpan.FromSeconds(10);

    public static RiskLimits RiskLimitsFrom(RiskOptions o) => new()
    {
        MaxTickerWeightPercent = o.MaxTickerWeightPercent,
        MaxOrderValueKrw = o.MaxOrderValueKrw,
        MaxOrdersPerDay = o.MaxOrdersPerDay,
        DailyLossLimitPercent = o.DailyLossLimitPercent,
        WeeklyLossLimitPercent = o.WeeklyLossLimitPercent,
        MinCashReservePercent = o.MinCashReservePercent,
        MaxCapitalKrw = o.MaxCapitalKrw,
    };

    public static OperationalGraphOptions GraphOptionsFrom(TradingOptions o) => new()
    {
        Watchlist = o.EffectiveWatchlist,
        ApprovalMode = o.ApprovalMode,
        ApprovalThresholdKrw = o.ApprovalThresholdKrw,
        ApprovalExpiry = TimeSpan.FromMinutes(o.ApprovalExpiryMinutes),
    };

    /// <summary>The decision prompt: Llm:PromptFile, else prompts/core_decision_prompt.md copied next to the app.</summary>
    public static string PromptPath(AppSettings settings) => PromptPath(settings.Llm);

    public static string PromptPath(LlmOptions llm) =>
        Path.GetFullPath(llm.PromptFile ?? Path.Combine(AppContext.BaseDirectory, "prompts", "core_decision_prompt.md"));
}
