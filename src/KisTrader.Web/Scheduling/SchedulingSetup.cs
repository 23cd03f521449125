using Hangfire;
using Hangfire.AspNetCore;
using Hangfire.Common;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Scheduling;

/// <summary>Hangfire runs every scheduled job (<see cref="ScheduledJobs"/>) on the app's clock (<see cref="JobClock"/>),
/// with its state in its own storage (<see cref="JobStorages"/>). Everything is this app's own: storage, activator,
/// filters, clients and the server are built from this container, never from Hangfire's process-wide defaults, so two
/// apps in one test process do not run each other's jobs.</summary>
public static class SchedulingSetup
{
    /// <summary>The zone of every cron line. A system zone, so a stored recurring job names it by its id.</summary>
    public static TimeZoneInfo Kst => _kst.Value;

    private static readonly Lazy<TimeZoneInfo> _kst = new(() =>
    {
        try
        {
            return TimeZoneInfo.FindSystemTimeZoneById("Asia/Seoul");
        }
        catch (Exception ex) when (ex is TimeZoneNotFoundException or InvalidTimeZoneException)
        {
            throw new InvalidOperationException(
                "The time zone Asia/Seoul is not available: install the tz database (Debian: apt-get install tzdata) or set Trading:ScheduleEnabled=false.", ex);
        }
    });

    /// <summary>The operational cron lines: KRX hours on weekdays; every 5 minutes on the always-open simulator.</summary>
    public static IReadOnlyList<string> CronExpressions(AppSettings settings) => CronExpressions(settings.Kis, settings.Simulator, settings.Trading);

    /// <inheritdoc cref="CronExpressions(AppSettings)"/>
    public static IReadOnlyList<string> CronExpressions(KisOptions kis, SimulatorOptions simulator, TradingOptions trading) =>
        kis.Environment == KisEnvironment.Simulator && simulator.AlwaysOpen ? [trading.SimulatorCron] : trading.ScheduleCron;

    public static IServiceCollection AddKisTraderScheduling(this IServiceCollection services, AppSettings settings)
    {
        // Hangfire's process-wide configuration first (its log provider is this app's from then on).
        services.AddSingleton(sp =>
        {
            sp.GetRequiredService<IGlobalConfiguration>();
            return JobStorages.Create(settings.Database);
        });
        services.AddSingleton(sp => new JobClock(sp.GetRequiredService<TimeProvider>(), AppClock.Factor(settings)));
        services.AddSingleton<JobActivator>(sp => new AspNetCoreJobActivator(sp.GetRequiredService<IServiceScopeFactory>()));
        services.AddSingleton<JobGuard>();
        services.AddSingleton<IJobFilterProvider>(sp => new JobFilterProviderCollection(
            JobFilterProviders.Providers, new JobFilterCollection { sp.GetRequiredService<JobGuard>() }));
        services.AddSingleton<ITimeZoneResolver>(new DefaultTimeZoneResolver());
        services.AddSingleton<JobManagers>();
        services.AddSingleton<IBackgroundJobClientFactory>(sp => sp.GetRequiredService<JobManagers>());
        services.AddSingleton<IBackgroundJobClientFactoryV2>(sp => sp.GetRequiredService<JobManagers>());
        services.AddSingleton<IRecurringJobManagerFactory>(sp => sp.GetRequiredService<JobManagers>());
        services.AddSingleton<IRecurringJobManagerFactoryV2>(sp => sp.GetRequiredService<JobManagers>());
        services.AddSingleton(sp => sp.GetRequiredService<JobManagers>().GetClientV2(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<IBackgroundJobClient>(sp => sp.GetRequiredService<IBackgroundJobClientV2>());
        services.AddSingleton(sp => sp.GetRequiredService<JobManagers>().GetManagerV2(sp.GetRequiredService<JobStorage>()));
        services.AddSingleton<IRecurringJobManager>(sp => sp.GetRequiredService<IRecurringJobManagerV2>());
        // Hangfire's own registrations only fill what is still missing (TryAdd); its global configuration is the
        // serializer settings, the same for every app, and the log provider, the last app's.
        services.AddHangfire((sp, c) => c.SetDataCompatibilityLevel(CompatibilityLevel.Version_180)
            .UseSimpleAssemblyNameTypeSerializer()
            .UseRecommendedSerializerSettings()
            .UseLogProvider(new HangfireLogProvider(sp.GetRequiredService<ILoggerFactory>())));
        services.AddSingleton<ScheduledJobs>();
        // Started by the start-up sequence (Hosting/Startup/AppStartupSteps), once reconciliation has run.
        services.AddSingleton<SchedulerHost>();
        return services;
    }
}
