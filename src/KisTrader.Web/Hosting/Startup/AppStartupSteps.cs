using KisTrader.Web.Alerts;
using EventRunService = KisTrader.Web.Alerts.EventRuns;
using KisTrader.Web.Backup;
using KisTrader.Web.Broker;
using KisTrader.Web.Live;
using KisTrader.Web.Reflection;
using KisTrader.Web.Scheduling;
using KisTrader.Web.Trading;

namespace KisTrader.Web.Hosting.Startup;

/// <summary>
/// The app's start-up, in order (docs/decisions.md "Start-up is one sequence in code"). Before the web server listens:
/// the listeners subscribe to the event bus before anything publishes; the broker connection (the built-in simulator
/// begun while the database migrated, the REST client); the active prompt and its enforced rules; reconciliation of
/// ambiguous orders; order tracking. Once the app has started: trades missed while it was down, interrupted runs
/// resumed, the maintenance loop, the scheduler, and last the realtime feeds (nothing a tick could trigger runs before
/// reconciliation and the rules).
/// </summary>
public static class AppStartupSteps
{
    public const string Listeners = "listeners";
    public const string Broker = "broker";
    public const string PromptsAndRules = "prompts and rules";
    public const string Reconciliation = "reconciliation";
    public const string OrderTracking = "order tracking";
    public const string MissedTrades = "missed trades";
    public const string ResumeRuns = "resume interrupted runs";
    public const string Maintenance = "maintenance";
    public const string Scheduler = "scheduler";
    public const string Alerts = "alerts";
    public const string EventRuns = "event runs";
    public const string Feeds = "feeds";

    public static IServiceCollection AddKisTraderStartup(this IServiceCollection services)
    {
        services.AddSingleton(sp => new StartupSequence(Create(sp),
            sp.GetRequiredService<ILoggerFactory>().CreateLogger("KisTrader.Startup")));
        services.AddSingleton<AppStartup>();
        services.AddHostedService(sp => sp.GetRequiredService<AppStartup>());
        return services;
    }

    public static IReadOnlyList<StartupStep> Create(IServiceProvider sp)
    {
        T Get<T>() where T : notnull => sp.GetRequiredService<T>();
        // Bus subscribers and notification loops: they only listen, so nothing depends on them.
        IHostedService[] listeners() => [Get<LiveCacheUpdater>(), Get<MarketHubForwarder>(), Get<TradingNotifications>(), Get<ReflectionNotifications>()];
        return
        [
            new(Listeners, async ct =>
            {
                foreach (var l in listeners()) await l.StartAsync(ct);
                await Get<BackupStartupNote>().StartAsync(ct);
            })
            {
                Consequence = "the dashboard gets no live updates and no notification is sent",
                Stop = async ct =>
                {
                    foreach (var l in listeners().Reverse()) await l.StopAsync(ct);
                },
            },
            new(Broker, ct => Get<BrokerRuntime>().StartAsync(ct))
            {
                // Without the broker client nothing of the app works: a wrong Kis:* setting or a simulator that cannot
                // start ends the app with the error (a broker that does not answer fails reconciliation instead).
                OnFailure = StartupFailure.StopApp,
                // Closes the realtime session politely (KIS allows one per app key), then the client and the simulator.
                Stop = async _ => await Get<BrokerRuntime>().DisposeAsync(),
            },
            new(PromptsAndRules, async ct =>
            {
                await Get<ReflectionStartup>().StartAsync(ct);
                await Get<EnforcedRulesWatcher>().StartAsync(ct);
            })
            {
                // Trading without the adopted rules would loosen what was decided.
                OnFailure = StartupFailure.StopApp,
                Stop = ct => Get<EnforcedRulesWatcher>().StopAsync(ct),
            },
            new(Reconciliation, ct => Get<TradingStartup>().ReconcileAsync(ct))
            {
                DependsOn = [Broker],
                Consequence = "no interrupted run is resumed and no job runs on its schedule until a restart; the gateway refuses "
                    + "to send while an order's outcome is unknown, and the maintenance loop keeps reconciling",
            },
            new(OrderTracking, _ =>
            {
                Get<TradingStartup>().StartOrderTracking();
                return Task.CompletedTask;
            })
            {
                DependsOn = [Broker],
                Consequence = "fills are not followed and trades not recorded until a restart",
                Stop = _ => Get<TradingStartup>().StopOrderTrackingAsync(),
            },
            new(MissedTrades, ct => Get<TradingStartup>().RecordMissingTradesAsync(ct))
            {
                Phase = StartupPhase.AfterStarted,
                DependsOn = [OrderTracking],
                Consequence = "trades filled while the app was down are recorded at the next start",
            },
            new(ResumeRuns, ct => Get<TradingStartup>().ResumeInterruptedRunsAsync(ct))
            {
                Phase = StartupPhase.AfterStarted,
                DependsOn = [Broker, PromptsAndRules, Reconciliation, OrderTracking],
                Consequence = "runs a crash interrupted stay Running until a restart resumes them",
            },
            new(Maintenance, _ =>
            {
                Get<TradingStartup>().StartMaintenance();
                return Task.CompletedTask;
            })
            {
                Phase = StartupPhase.AfterStarted,
                // Not on reconciliation: when start-up could not reconcile, this loop is what tries again.
                DependsOn = [Broker, OrderTracking],
                Consequence = "unknown orders, loss limits, the instance lock and approval expiry are not checked",
                Stop = _ => Get<TradingStartup>().StopMaintenanceAsync(),
            },
            new(Scheduler, _ =>
            {
                Get<SchedulerHost>().Start();
                return Task.CompletedTask;
            })
            {
                Phase = StartupPhase.AfterStarted,
                DependsOn = [Broker, PromptsAndRules, Reconciliation],
                Consequence = "no job runs on its schedule; Run now still works",
                Stop = ct => Get<SchedulerHost>().StopAsync(ct),
            },
            new(Alerts, ct => sp.GetService<AlertMonitor>()?.StartAsync(ct) ?? Task.CompletedTask)
            {
                Phase = StartupPhase.AfterStarted,
                // Before the feeds, so the first ticks are watched; it reads the broker's circuit and the ledger.
                DependsOn = [Broker],
                Consequence = "no surge, plunge, volume, stale-feed, circuit, unknown-order or loss-limit alert is sent",
                Stop = ct => sp.GetService<AlertMonitor>()?.StopAsync(ct) ?? Task.CompletedTask,
            },
            new(EventRuns, ct => Get<EventRunService>().StartAsync(ct))
            {
                Phase = StartupPhase.AfterStarted,
                // An event run is a run like a scheduled one: never before reconciliation and the adopted rules.
                DependsOn = [Broker, PromptsAndRules, Reconciliation, OrderTracking, Alerts],
                Consequence = "alerts start no event runs (Trading:EventRuns) until a restart; scheduled runs and Run now still work",
                Stop = ct => Get<EventRunService>().StopAsync(ct),
            },
            new(Feeds, ct => Get<BrokerRuntime>().StartFeedAsync(ct))
            {
                Phase = StartupPhase.AfterStarted,
                DependsOn = [Broker],
                Consequence = "no realtime prices or execution notices; quotes come from REST and fills from polling",
                // No stop of its own: the session closes with the broker, the last to stop, so a job the scheduler's
                // stop waits for still has its prices and its fills' notices.
            },
        ];
    }
}
