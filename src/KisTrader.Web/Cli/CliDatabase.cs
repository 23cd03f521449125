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
        if (HostArguments.Problem(hostArgs) is { } problem)
        {
            await Console.Error.WriteLineAsync("KisTrader: " + problem);
            return (null, CommandLine.ExitUsage);
        }
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            Args = [.. hostArgs],
            ApplicationName = typeof(KisTraderHost).Assembly.GetName().Name,
        });
        AppSettings settings;
        try
        {
            settings = AppSettings.Load(builder.Configuration);
        }
        catch (ConfigurationException ex)
        {
            await Console.Error.WriteLineAsync(ex.Message);
            return (null, CommandLine.ExitUsage);
        }
        var services = new ServiceCollection();
        settings.Register(services);
        services.AddSingleton(TimeProvider.System);
        if (settings.Database.Provider == DatabaseProvider.Sqlite) Directory.CreateDirectory(settings.Database.FullDataDirectory);
        services.AddKisTraderData(settings.Database.Provider, settings.Database.ResolveConnectionString());
        var provider = services.BuildServiceProvider();
        await provider.GetRequiredService<DatabaseInitializer>().InitializeAsync(ct);
        return (provider, 0);
    }
}
