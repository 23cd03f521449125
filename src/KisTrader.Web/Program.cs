using KisTrader.Web.Cli;
using KisTrader.Web.Hosting;

// A verb runs and exits; anything that is neither a verb nor settings is refused (exit 2). Only then the web server.
if (await CommandLine.RunVerbAsync(args) is { } verbExit)
    return verbExit;

// The host starts right away: its start-up steps begin beside the seeding (KisTraderHost.BuildAsync).
var (app, logger, redactor, exitCode) = await KisTraderHost.BuildAsync(args, beginStartup: true);
if (app is null)
    return exitCode;
try
{
    await app.RunAsync();
    return 0;
}
catch (Exception ex) when (ex is not OperationCanceledException)
{
    logger!.Fatal(ex, "KisTrader stopped on an unhandled error");
    await Console.Error.WriteLineAsync("KisTrader stopped: " + redactor!.Redact(ex.Message));
    await app.DisposeAsync(); // flushes the log files
    return 1;
}

/// <summary>Entry point marker for tests.</summary>
public partial class Program;
