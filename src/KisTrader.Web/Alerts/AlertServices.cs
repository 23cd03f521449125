using KisTrader.Core.Alerts;
using KisTrader.Web.Broker;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Alerts;

/// <summary>Wires the alert detector, its monitor and event runs (Alerts, Trading:EventRuns).</summary>
public static class AlertServices
{
    public static IServiceCollection AddKisTraderAlerts(this IServiceCollection services, AppSettings settings)
    {
        var onAlwaysOpenSimulator = settings.Kis.Environment == KisEnvironment.Simulator && settings.Simulator.AlwaysOpen;
        Func<DateTimeOffset, bool> isSessionOpen = onAlwaysOpenSimulator ? _ => true : new Core.Market.KrxCalendar(settings.Trading.Holidays).IsInSession;
        var options = settings.Alerts.ToOptions(TimeSpan.FromSeconds(settings.Trading.OrderAbsenceGraceSeconds), isSessionOpen) with
        {
            // On an accelerated app clock the feed's silence is wall time (as for the market analysis).
            StaleFeedAfter = AppClock.LinkSilence(settings, TimeSpan.FromSeconds(settings.Alerts.StaleFeedSeconds)),
        };
        services.AddSingleton(sp => new AlertDetector(options, sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton(sp =>
        {
            var broker = sp.GetRequiredService<BrokerRuntime>();
            return new CircuitReading(() =>
            {
                try
                {
                    return broker.Status.CircuitOpen;
                }
                catch (InvalidOperationException)
                {
                    return false; // not connected yet: no circuit to be open
                }
            });
        });
        services.AddSingleton(sp => new EventRunPolicy(settings.Trading.EventRuns, settings.Trading.EffectiveWatchlist,
            TimeSpan.FromMinutes(settings.Trading.EventRunCooldownMinutes), sp.GetRequiredService<TimeProvider>(), isSessionOpen));
        // Resolved by its start-up step, after the broker has started (the runner's graph nodes need the broker's client).
        services.AddSingleton<EventRuns>();
        // Started and stopped by the start-up sequence (Hosting/Startup/AppStartupSteps: alerts, event runs).
        if (settings.Alerts.Enabled)
            services.AddSingleton<AlertMonitor>();
        return services;
    }
}
