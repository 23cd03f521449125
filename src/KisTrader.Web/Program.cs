using KisTrader.Core.Security;
using KisTrader.Web.Hosting;
using KisTrader.Web.Hosting.Logging;
using Serilog;

var builder = WebApplication.CreateBuilder(args);

AppSettings settings;
try
{
    settings = AppSettings.Load(builder.Configuration);
}
catch (ConfigurationException ex)
{
    await Console.Error.WriteLineAsync(ex.Message);
    return 2;
}

var redactor = new SecretRedactor();
foreach (var secret in settings.Secrets()) redactor.Register(secret);
var logger = LoggingSetup.CreateLogger(settings.Logs, redactor);
builder.Logging.ClearProviders();
builder.Logging.AddSerilog(logger, dispose: true);

builder.Services.AddKisTrader(settings, redactor);

try
{
    var app = builder.Build();
    await app.InitializeKisTraderAsync(Console.Out);
    app.UseKisTrader();
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    logger.Fatal(ex, "KisTrader stopped on an unhandled error");
    await Console.Error.WriteLineAsync("KisTrader stopped: " + redactor.Redact(ex.Message));
    await logger.DisposeAsync();
    return 1;
}

/// <summary>Entry point marker for tests.</summary>
public partial class Program;
