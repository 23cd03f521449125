using KisTrader.Core.Security;
using KisTrader.Data.Instance;
using KisTrader.Web.Hosting.Logging;
using Serilog;

namespace KisTrader.Web.Hosting;

/// <summary>Builds the app the same way for the web server and the command-line verbs.</summary>
public static class KisTraderHost
{
    /// <summary>Exit code when another KisTrader process holds the database.</summary>
    public const int ExitInstanceRunning = 3;

    /// <summary>Returns the built and initialised app, or an exit code when the configuration is invalid (2) or another
    /// KisTrader process already runs on the database (3).</summary>
    /// <param name="holder">What this process is, for the message another one gets (e.g. "graph run").</param>
    /// <param name="services">More services, after the app's own (tests: an <see cref="ILogTap"/>).</param>
    /// <param name="beginStartup">The caller starts the host right away (the web server): the start-up steps before
    /// listening begin as soon as the schema is there, beside the seeding and the configuration record, and the host's
    /// start awaits them (<see cref="Startup.AppStartup.BeginBeforeListening"/>). Off, they run when the host starts, so a
    /// caller can still change things in between (tests) or never start the host (the command-line verbs).</param>
    public static async Task<(WebApplication? App, Serilog.ILogger? Logger, SecretRedactor? Redactor, int ExitCode)> BuildAsync(
        string[] args, IReadOnlyDictionary<string, string?>? overrides = null, TextWriter? console = null, string holder = "web app",
        Action<IServiceCollection>? services = null, bool beginStartup = false)
    {
        console ??= Console.Out;
        // The application name is this assembly whoever the entry point is (a test host, the CLI): static assets,
        // user secrets and component discovery are keyed on it.
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = args,
            ApplicationName = typeof(KisTraderHost).Assembly.GetName().Name,
        });
        if (overrides is { Count: > 0 })
            builder.Configuration.AddInMemoryCollection(overrides);
        builder.UseStaticWebAssetsInEveryEnvironment();

        AppSettings settings;
        try
        {
            settings = AppSettings.Load(builder.Configuration);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return (null, null, null, 2);
        }

        // Before anything touches the database (migrations, start-up reconciliation, the schedule): one process per
        // database, or two would trade the same account.
        InstanceLock instance;
        try
        {
            instance = await InstanceLock.AcquireAsync(settings.Database.Provider, settings.Database.ResolveConnectionString(), holder, TimeProvider.System);
        }
        catch (InstanceLockedException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return (null, null, null, ExitInstanceRunning);
        }

        try
        {
            var redactor = new SecretRedactor();
            foreach (var secret in settings.Secrets()) redactor.Register(secret);
            builder.Logging.ClearProviders();
            // The container owns the logger (disposed, so flushed, with the app). The static Log is left alone: tests run
            // several apps in one process, each with its own log directory.
            builder.Services.AddSerilog((sp, lc) => LoggingSetup.Configure(lc, settings.Logs, sp.GetRequiredService<SecretRedactor>(),
                    taps: sp.GetServices<ILogTap>()),
                preserveStaticLogger: true);
            builder.Services.AddKisTrader(settings, redactor);
            // Created by a factory so that the container owns it: disposing the app lets go of the database.
            builder.Services.AddSingleton(_ => instance);
            services?.Invoke(builder.Services);

            var app = builder.Build();
            var logger = app.Services.GetRequiredService<Serilog.ILogger>();
            app.Services.GetRequiredService<InstanceLock>();
            // Three things of a cold start need nothing from each other, so they run side by side on the cores we have
            // (measured in docs/benchmarks.md): the built-in simulator starts (the start-up sequence's broker step
            // awaits it), the request pipeline is built, and the database is migrated, then seeded.
            app.Services.GetRequiredService<Broker.BrokerRuntime>().BeginStart();
            var pipeline = Task.Run(app.UseKisTrader);
            await Task.WhenAll(InitializeAsync(app, console, holder, beginStartup), pipeline);
            return (app, logger, redactor, 0);
        }
        catch
        {
            await instance.DisposeAsync();
            throw;
        }
    }

    /// <summary>Migrates the database; then what needs only the schema runs side by side, each with its own DbContext:
    /// the admin seeding, this start's configuration record and, with <paramref name="beginStartup"/>, the start-up steps
    /// before listening. A failure of the seeding or the record stops the start with its own error, once the steps begun
    /// beside them have ended and what they started is stopped.</summary>
    private static async Task InitializeAsync(WebApplication app, TextWriter console, string holder, bool beginStartup)
    {
        await app.MigrateKisTraderAsync();
        var startup = app.Services.GetRequiredService<Startup.AppStartup>();
        if (beginStartup) _ = startup.BeginBeforeListening();
        var seed = Task.Run(() => app.SeedKisTraderAsync(console));
        // This start's configuration joins the history when it changed.
        var record = Task.Run(() => app.Services.GetRequiredService<ConfigHistory.ConfigHistoryService>().RecordAsync(holder));
        try
        {
            await Task.WhenAll(seed, record);
        }
        catch
        {
            await startup.AbandonAsync();
            throw;
        }
    }
}
