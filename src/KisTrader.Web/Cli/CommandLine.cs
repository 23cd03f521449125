namespace KisTrader.Web.Cli;

/// <summary>The app's verbs and what the first argument decides: a verb runs and exits; no verb (nothing, or settings
/// only) starts the web server; anything else (a mistyped verb, a verb from a newer version, a stray word or switch) is
/// refused with exit 2 and the list of verbs, before anything is built or written.</summary>
public static class CommandLine
{
    public const int ExitUsage = 2;

    public sealed record Verb(string Name, string Usage, string Description, Func<string[], Task<int>> RunAsync);

    public static IReadOnlyList<Verb> Verbs { get; } =
    [
        new("graph", "graph run --cycles N [--approval off|required|abovevalue] [--interval SECONDS]",
            "run the operational graph N times against the configured environment, print each run, exit", GraphCommand.RunAsync),
        new("reflect", "reflect [--pnl]", "run the reflection graph (or, --pnl, the P&L follow-up) once and print the report",
            args => ReflectCommand.RunAsync(args)),
        new("backup", "backup", "write a verified backup of the SQLite database now", args => BackupCommand.RunAsync(args)),
        new("restore", "restore FILE", "replace the SQLite database with a backup (the app must be stopped)",
            args => BackupCommand.RunAsync(args)),
        new("import", "import FILE",
            "import daily bars from a CSV file (header code,date,open,high,low,close,volume; whole won); any bad row and nothing is imported",
            args => ImportCommand.RunAsync(args)),
        new("export", "export --out FILE [--format csv|parquet] [--tickers CODE,...] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--resolution day|minute] [--adjusted]",
            "write stored bars (as of now) to CSV in the import layout, or to Parquet with every field", args => ExportCommand.RunAsync(args)),
        new("backtest", "backtest --from yyyy-MM-dd --to yyyy-MM-dd [--tickers CODE,...|--universe watchlist] [--engine rules|llm|buy-and-hold] [--resolution day|minute] [--cash WON] [--json FILE]",
            "backtest over the stored daily bars, print the metrics beside buy-and-hold and KOSPI, and store the backtest",
            args => BacktestCommand.RunAsync(args)),
        new("collect", "collect [--tickers CODE,...] [--from yyyy-MM-dd]",
            "collect daily bars (from the last stored day) and today's minute bars from the broker or the built-in simulator, with the KOSPI and KOSDAQ indexes",
            args => CollectCommand.RunAsync(args)),
        new("help", "help", "this list (also --help, -h)", _ => Task.FromResult(Help(Console.Out))),
    ];

    /// <summary>Runs the verb <paramref name="args"/> names, or refuses them; null when the web server should start
    /// (no verb, every argument a setting).</summary>
    public static async Task<int?> RunVerbAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        if (args.Length == 0)
            return null;
        if (args[0] is "--help" or "-h" or "-?")
            return Help(Console.Out);
        if (Verbs.FirstOrDefault(v => v.Name == args[0]) is { } verb)
            return args.Skip(1).Any(a => a is "--help" or "-h" or "-?") ? VerbHelp(verb, Console.Out) : await verb.RunAsync(args);
        if (IsSetting(args[0]))
        {
            if (HostArguments.Problem(args) is not { } problem)
                return null;
            return await RefuseAsync(error, problem);
        }
        return await RefuseAsync(error, $"unknown command '{args[0]}'.");
    }

    /// <summary>Settings handed on to the host by a verb (what it did not recognise itself): refused like the web app's.</summary>
    public static async Task<bool> RefusedAsync(IReadOnlyList<string> hostArgs, TextWriter? error = null)
    {
        if (HostArguments.Problem(hostArgs) is not { } problem) return false;
        await RefuseAsync(error ?? Console.Error, problem);
        return true;
    }

    private static bool IsSetting(string arg) => arg.StartsWith('-') || arg.StartsWith('/') || arg.IndexOf('=', StringComparison.Ordinal) > 0;

    private static async Task<int> RefuseAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync("KisTrader: " + problem);
        await error.WriteLineAsync();
        WriteUsage(error);
        return ExitUsage;
    }

    private static int Help(TextWriter output)
    {
        WriteUsage(output);
        return 0;
    }

    /// <summary><c>KisTrader VERB --help</c>: that verb's usage, and nothing run.</summary>
    private static int VerbHelp(Verb verb, TextWriter w)
    {
        w.WriteLine($"Usage: KisTrader {verb.Usage} [--Section:Key VALUE ...]");
        w.WriteLine($"  {verb.Description}");
        w.WriteLine("Exit codes: 0 done, 1 failed, 2 bad arguments or configuration, 3 another KisTrader process has the database.");
        return 0;
    }

    private static void WriteUsage(TextWriter w)
    {
        w.WriteLine("Usage: KisTrader [VERB] [--Section:Key VALUE | Section:Key=VALUE ...]");
        w.WriteLine("Without a verb the web app starts (dashboard, schedule, trading). Verbs:");
        foreach (var v in Verbs)
        {
            w.WriteLine($"  {v.Usage}");
            w.WriteLine($"      {v.Description}");
        }
        w.WriteLine("Settings follow the verb, e.g. --Database:DataDirectory /srv/kistrader/data. Exit codes: 0 done, 1 failed, "
            + "2 bad arguments or configuration, 3 another KisTrader process has the database.");
    }
}
