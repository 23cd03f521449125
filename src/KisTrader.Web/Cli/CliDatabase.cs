using KisTrader.Data;
using KisTrader.Web.Hosting;

namespace KisTrader.Web.Cli;

/// <summary>For verbs that only need the database (import, export): the configuration as the app reads it (appsettings.json,
/// user secrets, environment, arguments), validated the same way, and only the database services on top, migrated. No
/// web host, no broker, no schedule.</summary>
internal static class CliDatabase
{
    /// <summary>The services, or null with the exit code (2: a bad setting or configuration) after saying why.</summary>
    public static async Task<(ServiceProvider? Services, int ExitCode)> OpenAsync(IReadOnlyList<string> hostArgs, CancellationToken ct)
    {
        if (Settings(hostArgs, out var exit) is not { } settings) return (null, exit);
        var services = DataServices(settings);
        if (settings.Database.Provider == DatabaseProvider.Sqlite) Directory.CreateDirectory(settings.Database.FullDataDirectory);
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
        return (provider, 0);
    }

    /// <summary>The settings as the app reads them (appsettings.json, user secrets, environment, arguments) and validates
    /// them, or null with the exit code (2) after saying why.</summary>
    public static AppSettings? Settings(IReadOnlyList<string> hostArgs, out int exitCode)
    {
        exitCode = CommandLine.ExitUsage;
        if (HostArguments.Problem(hostArgs) is { } problem)
        {
            Console.Error.WriteLine("KisTrader: " + problem);
            return null;
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. hostArgs],
            ApplicationName = typeof(KisTraderHost).Assembly.GetName().Name,
        });
        try
        {
            var settings = AppSettings.Load(builder.Configuration);
            exitCode = 0;
            return settings;
        }
        catch (ConfigurationException ex)
        {
            Console.Error.WriteLine(ex.Message);
            return null;
        }
    }

    /// <summary>The settings registered as the app registers them, and the database services on top (not migrated).</summary>
    public static ServiceCollection DataServices(AppSettings settings)
    {
        var services = new ServiceCollection();
        settings.Register(services);
        services.AddSingleton(TimeProvider.System);
        services.AddKisTraderData(settings.Database.Provider, settings.Database.ResolveConnectionString());
        return services;
    }
}
