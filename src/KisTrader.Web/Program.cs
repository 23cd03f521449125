using KisTrader.Web.Cli;
using KisTrader.Web.Hosting;

if (GraphCommand.Matches(args))
    return await GraphCommand.RunAsync(args);
if (ReflectCommand.Matches(args))
    return await ReflectCommand.RunAsync(args);
if (BackupCommand.Matches(args))
    return await BackupCommand.RunAsync(args);

var (app, logger, redactor, exitCode) = await KisTraderHost.BuildAsync(args);
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
