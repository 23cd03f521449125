using System.CommandLine;

namespace KisTrader.Web.Cli;

/// <summary>The app's verbs and what the first argument decides: a verb runs and exits; no verb (nothing, or settings
/// only) starts the web server; anything else (a mistyped verb, a verb from a newer version, a stray word or switch) is
/// refused with exit 2 and the list of verbs, before anything is built or written. The verbs are the sub-commands of one
/// System.CommandLine root command (<see cref="Root"/>), parsed once with the same help, parse-error and refusal handling
/// (<see cref="CliVerb"/>).</summary>
public static class CommandLine
{
    public const int ExitUsage = 2;

    /// <summary>A verb: its usage line and description (help, README), and the factory of its command with its action.</summary>
    public sealed record Verb(string Name, string Usage, string Description, Func<Command> Create);

    public static IReadOnlyList<Verb> Verbs { get; } =
    [
        new("graph", "graph run --cycles N [--approval off|required|abovevalue] [--interval SECONDS]",
            "run the operational graph N times against the configured environment, print each run, exit", () => GraphCommand.Create()),
        new("reflect", "reflect [--pnl]", "run the reflection graph (or, --pnl, the P&L follow-up) once and print the report",
            () => ReflectCommand.Create()),
        new("backup", "backup", "write a verified backup of the SQLite database now", () => BackupCommand.CreateBackup()),
        new("restore", "restore FILE", "replace the SQLite database with a backup (the app must be stopped)",
            () => BackupCommand.CreateRestore()),
        new("import", "import FILE",
            "import daily bars from a CSV file (header code,date,open,high,low,close,volume; whole won); any bad row and nothing is imported",
            () => ImportCommand.Create()),
        new("export", "export --out FILE [--format csv|parquet] [--tickers CODE,...] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--resolution day|minute] [--adjusted]",
            "write stored bars (as of now) to CSV in the import layout, or to Parquet with every field", () => ExportCommand.Create()),
        new("backtest", "backtest --from yyyy-MM-dd --to yyyy-MM-dd [--tickers CODE,...|--universe watchlist] [--engine rules|llm|buy-and-hold] [--resolution day|minute] [--cadence MINUTES] [--cash WON] [--json FILE] [--sweep \"Name=v1,v2;...\"] [--walk-forward TRAIN/TEST] [--objective sharpe|sortino|return] [--parallel N] [--llm-cache replay|fetch] [--llm-budget N] [--prompt-version N]",
            "backtest over the stored daily bars, print the metrics beside buy-and-hold and KOSPI, and store the backtest",
            () => BacktestCommand.Create()),
        new("collect", "collect [--tickers CODE,...] [--from yyyy-MM-dd]",
            "collect daily bars (from the last stored day) and today's minute bars from the broker or the built-in simulator, with the KOSPI and KOSDAQ indexes",
            () => CollectCommand.Create()),
        new("train", "train [--model lr|rf|lgbm|all] [--labels binary|three] [--from yyyy-MM-dd] [--to yyyy-MM-dd] [--tickers CODE,...] [--json FILE]",
            "train ML signal models on the stored daily bars, evaluate them walk-forward (precision, recall, F1 per class, AUC, beside the majority baseline) and register each as a candidate",
            () => TrainCommand.Create()),
        new("models", "models", "list the registered model versions (signal, version, trainer, status, window, F1, AUC, created)", () => ModelsCommand.CreateList()),
        new("evaluate", "evaluate VERSION [--signal NAME]", "print a model version's stored metrics", () => ModelsCommand.CreateEvaluate()),
        new("help", "help", "this list (also --help, -h)", HelpCommand),
    ];

    /// <summary>The one root command: every verb as a sub-command, <c>--help</c> listing them all.</summary>
    public static RootCommand Root(TextWriter? output = null) => CliVerb.Root(Verbs.Select(v => v.Create()), output);

    /// <summary>Runs the verb <paramref name="args"/> names, or refuses them; null when the web server should start
    /// (no verb, every argument a setting).</summary>
    public static async Task<int?> RunVerbAsync(string[] args, TextWriter? error = null)
    {
        error ??= Console.Error;
        if (args.Length == 0)
            return null;
        // Only the first argument names a verb: a setting's value that happens to be a verb's name stays a value.
        if (args[0] is "--help" or "-h" or "-?" || Verbs.Any(v => v.Name == args[0]))
            return await CliVerb.InvokeAsync(Root(), args, error);
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

    private static Command HelpCommand()
    {
        var help = new Command("help", "List the verbs");
        help.SetAction(_ => Help(Console.Out));
        return help;
    }

    private static bool IsSetting(string arg) => arg.StartsWith('-') || arg.StartsWith('/') || arg.IndexOf('=', StringComparison.Ordinal) > 0;

    private static async Task<int> RefuseAsync(TextWriter error, string problem)
    {
        await error.WriteLineAsync("KisTrader: " + problem);
        await error.WriteLineAsync();
        WriteUsage(error);
        return ExitUsage;
    }

    internal static int Help(TextWriter output)
    {
        WriteUsage(output);
        return 0;
    }

    /// <summary><c>KisTrader VERB --help</c>: that verb's usage, and nothing run.</summary>
    internal static int VerbHelp(Verb verb, TextWriter w)
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
