using KisTrader.Core.Approvals;
using KisTrader.Core.Decisions;
using KisTrader.Core.Execution;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Market;
using KisTrader.Core.Market.Analysis;
using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Core.Rules;
using KisTrader.Web.Alerts;
using KisTrader.Web.Broker;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Llm;
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
        services.AddSingleton<RiskContextBuilder>();
        services.AddSingleton<LedgerRecorder>();
        // The only place the order router is handed out: OrderGateway checks risk and writes the intent before sending.
        services.AddSingleton(sp => new OrderGateway(
            sp.GetRequiredService<RiskEngine>(),
            sp.GetRequiredService<RiskContextBuilder>(),
            sp.GetRequiredService<LedgerRecorder>(),
            sp.GetRequiredService<BrokerRuntime>().Client.Orders,
            sp.GetRequiredService<IAccountReader>(),
            sp.GetRequiredService<TimeProvider>())
        {
            AbsenceGrace = TimeSpan.FromSeconds(settings.Trading.OrderAbsenceGraceSeconds),
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
        services.AddSingleton<DiagnosePortfolioNode>();
        services.AddSingleton<AnalyzeMarketNode>();
        services.AddSingleton<DecideNode>();
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

        services.AddHostedService<TradingStartup>();
        services.AddHostedService<TradingNotifications>();
        services.AddKisTraderAlerts(settings);
        services.AddKisTraderScheduling(settings);
        return services;
    }

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
    public static string PromptPath(AppSettings settings) =>
        Path.GetFullPath(settings.Llm.PromptFile ?? Path.Combine(AppContext.BaseDirectory, "prompts", "core_decision_prompt.md"));
}
