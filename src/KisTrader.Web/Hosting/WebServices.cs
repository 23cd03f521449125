using KisTrader.Core.Security;
using KisTrader.Data;
using KisTrader.Web.Backup;
using KisTrader.Web.Broker;
using KisTrader.Web.Components;
using KisTrader.Web.Dashboard;
using KisTrader.Web.History;
using KisTrader.Web.Hosting.Errors;
using KisTrader.Web.Hosting.Logging;
using KisTrader.Web.Hosting.Startup;
using KisTrader.Web.Http;
using KisTrader.Web.Identity;
using KisTrader.Web.Live;
using KisTrader.Web.Reflection;
using KisTrader.Web.Scheduling;
using KisTrader.Web.Security;
using KisTrader.Web.Trading;
using Microsoft.AspNetCore.DataProtection;
using MudBlazor;
using MudBlazor.Services;

namespace KisTrader.Web.Hosting;

/// <summary>The composition root: one call per project or concern.</summary>
public static class WebServices
{
    public static IServiceCollection AddKisTrader(this IServiceCollection services, AppSettings settings, SecretRedactor redactor)
    {
        settings.Register(services);
        services.AddSingleton(redactor);
        // The system clock; one accelerated clock for the app and its simulator when Simulator:TimeAcceleration asks for it.
        services.AddSingleton(AppClock.For(settings));
        services.AddSingleton<TradeEventLog>();
        services.AddSingleton<FillPathLog>();
        services.AddSingleton<ConfigHistory.ConfigHistoryService>();

        Directory.CreateDirectory(settings.Database.FullDataDirectory);
        services.AddKisTraderData(settings.Database.Provider, settings.Database.ResolveConnectionString());
        services.AddKisTraderBackup();
        services.AddHealthChecks().AddDbContextCheck<KisTraderDbContext>("database");

        // Keys for cookies and for secrets at rest; kept with the data so sessions survive restarts.
        services.AddDataProtection()
            .SetApplicationName("KisTrader")
            .PersistKeysToFileSystem(new DirectoryInfo(Path.Combine(settings.Database.FullDataDirectory, "keys")));

        services.AddKisTraderIdentity();
        services.AddKisTraderSecurity();
        // The HTTP APIs are for automation: enums as their names ("Halted"), not as numbers that shift when a member is added.
        services.ConfigureHttpJsonOptions(o => o.SerializerOptions.Converters.Add(new System.Text.Json.Serialization.JsonStringEnumConverter()));
        services.AddAntiforgery(o => o.Cookie.Name = "kistrader.af");
        services.AddKisTraderErrorPolicy();

        services.AddRazorComponents().AddInteractiveServerComponents(o =>
        {
            // Never send server exception details to the browser: they may carry broker messages.
            o.DetailedErrors = false;
        });
        services.AddMudServices(o =>
        {
            o.SnackbarConfiguration.PositionClass = Defaults.Classes.Position.BottomRight;
            o.SnackbarConfiguration.PreventDuplicates = false;
            o.SnackbarConfiguration.MaxDisplayedSnackbars = 5;
        });
        services.AddScoped<IUserPreferences, IdentityUserPreferences>();
        services.AddSingleton<SystemStatus>();
        services.AddKisTraderLive();
        services.AddKisTraderBroker();
        services.AddKisTraderTrading(settings);
        services.AddKisTraderDashboard();
        services.AddKisTraderHistory();
        KisTrader.Web.Backtesting.BacktestServices.AddKisTraderBacktests(services, settings);
        KisTrader.Web.Notifications.Notifier.AddNotificationsHttpClient(services);
        services.AddSingleton<KisTrader.Web.Notifications.Notifier>();
        services.AddSingleton<KisTrader.Core.Ports.INotifier>(sp => sp.GetRequiredService<KisTrader.Web.Notifications.Notifier>());
        // The app's only hosted service of its own: start-up is one explicit sequence, not hosted-service order.
        services.AddKisTraderStartup();
        return services;
    }

    /// <summary>Creates or migrates the database (and clears a migration lock a killed process left).</summary>
    public static async Task MigrateKisTraderAsync(this WebApplication app)
    {
        var instance = app.Services.GetRequiredService<KisTrader.Data.Instance.InstanceLock>();
        if (await app.Services.GetRequiredService<DatabaseInitializer>().InitializeAsync(soleProcess: instance))
            app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(DatabaseInitializer))
                .LogWarning("Removed a migration lock left in the database by a KisTrader process that was killed while migrating");
    }

    /// <summary>The roles and, on a first start, the admin user (in a scope of its own: Identity's stores are scoped).</summary>
    public static async Task SeedKisTraderAsync(this WebApplication app, TextWriter console)
    {
        await using var scope = app.Services.CreateAsyncScope();
        await scope.ServiceProvider.GetRequiredService<AdminSeeder>().SeedAsync(console);
    }

    public static WebApplication UseKisTrader(this WebApplication app)
    {
        // An accelerated calendar (Simulator:TimeAcceleration) runs from Simulator:ClockStart once everything is up.
        if (app.Services.GetRequiredService<TimeProvider>() is AcceleratedClock clock)
            app.Lifetime.ApplicationStarted.Register(clock.Run);
        // First, so that every request is logged with the status the rest of the pipeline (the error page included) gave it.
        app.UseKisTraderRequestLogging();
        // The same in every environment: problem details or the error page, details only in the log (Hosting/Errors).
        app.UseKisTraderErrorPolicy();
        app.UseSecurityHeaders();
        // Before anything reads a body (antiforgery reads forms): an oversized one is refused unread.
        app.UseRequestBodyLimits();
        app.UseAuthentication();
        app.UseAuthorization();
        app.UseAntiforgery();
        app.UseCrossSiteRequestGuard();

        app.MapKisTraderStaticAssets();
        app.MapHealthChecks("/healthz", new Microsoft.AspNetCore.Diagnostics.HealthChecks.HealthCheckOptions
        {
            ResponseWriter = HealthResponse.WriteAsync,
        }).AllowAnonymous();
        app.MapAccountEndpoints();
        app.MapAdminApiEndpoints();
        app.MapKisTraderLive();
        app.MapTradingApiEndpoints();
        app.MapReflectionApiEndpoints();
        app.MapJobsDashboard();
        app.MapRazorComponents<App>().AddInteractiveServerRenderMode();
        return app;
    }
}
