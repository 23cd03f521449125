using KisTrader.Core.Security;
using KisTrader.Web.Hosting.Logging;
using Serilog;

namespace KisTrader.Web.Hosting;

/// <summary>Builds the app the same way for the web server and the command-line verbs.</summary>
public static class KisTraderHost
{
    /// <summary>Returns the built and initialised app, or an exit code when the configuration is invalid (2).</summary>
    public static async Task<(WebApplication? App, Serilog.Core.Logger? Logger, SecretRedactor? Redactor, int ExitCode)> BuildAsync(
        string[] args, IReadOnlyDictionary<string, string?>? overrides = null, TextWriter? console = null)
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

        var redactor = new SecretRedactor();
        foreach (var secret in settings.Secrets()) redactor.Register(secret);
        var logger = LoggingSetup.CreateLogger(settings.Logs, redactor);
        builder.Logging.ClearProviders();
        builder.Logging.AddSerilog(logger, dispose: true);
        builder.Services.AddKisTrader(settings, redactor);

        var app = builder.Build();
        await app.InitializeKisTraderAsync(console);
        app.UseKisTrader();
        return (app, logger, redactor, 0);
    }
}
