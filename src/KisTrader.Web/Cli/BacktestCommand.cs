using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using KisTrader.Core.Backtesting;
using KisTrader.Core.Backtesting.Sweeps;
using KisTrader.Core.Decisions.Caching;
using KisTrader.Core.History;
using KisTrader.Core.Ports;
using KisTrader.Web.Hosting;
using KisTrader.Web.Trading;
using Microsoft.Data.Sqlite;

namespace KisTrader.Web.Cli;

/// <summary><c>backtest --from --to</c>: runs a backtest over the market history in the configured database (the risk
/// limits and rules-engine settings of the configuration), prints the strategy's metrics beside buy-and-hold and the
/// KOSPI index, and stores the backtest. Exit 0 done, 1 failed, 2 bad arguments, configuration, or no history for the
/// period.</summary>
public static class BacktestCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CliVerb.RunAsync(Create(output, error), args, output, error);

    /// <summary>The verb's command and its action, for the one root command (<see cref="CommandLine.Root"/>).</summary>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var console = output ?? Console.Out;
        var errors = error ?? Console.Error;
        var from = new Option<string>("--from") { Description = "First session, yyyy-MM-dd", Required = true };
        var to = new Option<string>("--to") { Description = "Last session, yyyy-MM-dd", Required = true };
        // One token per --tickers (comma-separated, or repeated), so the settings that follow are not swallowed.
        var tickers = new Option<string[]>("--tickers") { Description = "Codes, comma-separated, or the option repeated" };
        var universe = new Option<string?>("--universe") { Description = "watchlist: the configured Trading:Watchlist (default: every instrument with bars)" };
        universe.AcceptOnlyFromAmong("watchlist");
        var engine = new Option<string>("--engine") { Description = "rules, llm or buy-and-hold", DefaultValueFactory = _ => "rules" };
        engine.AcceptOnlyFromAmong("rules", "llm", "buy-and-hold");
        var resolution = new Option<string>("--resolution") { Description = "day or minute (minute bars stored by collect or import)", DefaultValueFactory = _ => "day" };
        resolution.AcceptOnlyFromAmong("day", "minute");
        var cadence = new Option<int?>("--cadence") { Description = $"--resolution minute: the graph decides every this many minutes from 09:00 (1 to {BacktestRequest.MaxCadenceMinutes}; default 30)" };
        var cash = new Option<decimal>("--cash") { Description = "Starting cash in won", DefaultValueFactory = _ => 100_000_000m };
        var json = new Option<string?>("--json") { Description = "Also write the whole report as JSON to this file" };
        var sweep = new Option<string?>("--sweep") { Description = "Rules-engine options to sweep: \"Name=v1,v2;Name2=a,b\" (Trading:Rules names); ranked out of sample" };
        var walkForward = new Option<string?>("--walk-forward") { Description = "Rolling TRAIN/TEST windows, e.g. 2y/6m (y, m, w, d); without it a sweep trains on the first two thirds and tests the rest" };
        var objective = new Option<string>("--objective") { Description = "What a sweep maximises: sharpe, sortino or return", DefaultValueFactory = _ => "sharpe" };
        objective.AcceptOnlyFromAmong("sharpe", "sortino", "return");
        var parallel = new Option<int>("--parallel") { Description = "Backtests of a sweep run at once (default: the machine's cores)", DefaultValueFactory = _ => Environment.ProcessorCount };
        var llmCache = new Option<string>("--llm-cache") { Description = "llm engine: replay (cached answers only; a miss is no decision) or fetch (call the model on a miss, within --llm-budget)", DefaultValueFactory = _ => "replay" };
        llmCache.AcceptOnlyFromAmong("replay", "fetch");
        var llmBudget = new Option<int?>("--llm-budget") { Description = "llm engine with --llm-cache fetch: at most this many model calls" };
        var promptVersion = new Option<int?>("--prompt-version") { Description = "Decision prompt version (its strategy rules are enforced); llm default: the active version" };
        var command = new Command("backtest", "Backtest over the stored history and store the result")
        {
            from, to, tickers, universe, engine, resolution, cadence, cash, json, sweep, walkForward, objective, parallel, llmCache, llmBudget, promptVersion,
        };

        command.SetAction(async (parse, ct) =>
        {
            if (HostArguments.Problem(parse.UnmatchedTokens) is { } problem)
                return await CliVerb.Refuse(errors, "KisTrader: " + problem);
            if (!TryDate(parse.GetValue(from), out var first) || !TryDate(parse.GetValue(to), out var last))
                return await CliVerb.Refuse(errors, "Backtest refused: --from and --to are dates in the format yyyy-MM-dd.");
            if (parse.GetValue(tickers) is { Length: > 0 } && parse.GetValue(universe) is not null)
                return await CliVerb.Refuse(errors, "Backtest refused: give --tickers or --universe, not both.");
            if (parse.GetValue(cadence) is not null && parse.GetValue(resolution) != "minute")
                return await CliVerb.Refuse(errors, "Backtest refused: --cadence applies to --resolution minute only.");
            if (parse.GetValue(cadence) is { } minutes && minutes is < 1 or > BacktestRequest.MaxCadenceMinutes)
                return await CliVerb.Refuse(errors, $"Backtest refused: --cadence must be 1 to {BacktestRequest.MaxCadenceMinutes} minutes.");
            if (parse.GetValue(cash) <= 0)
                return await CliVerb.Refuse(errors, "Backtest refused: --cash must be positive.");
            var sweeping = parse.GetValue(sweep) is not null || parse.GetValue(walkForward) is not null;
            if (sweeping && parse.GetValue(engine) != "rules")
                return await CliVerb.Refuse(errors, "Backtest refused: --sweep and --walk-forward vary the rules engine's options: use --engine rules.");
            if (parse.GetValue(parallel) < 1)
                return await CliVerb.Refuse(errors, "Backtest refused: --parallel must be at least 1.");
            if (parse.GetValue(engine) != "llm" && (parse.GetValue(llmBudget) is not null || parse.GetResult(llmCache) is { Implicit: false }))
                return await CliVerb.Refuse(errors, "Backtest refused: --llm-cache and --llm-budget apply to --engine llm only.");

            var (services, exit) = await CliDatabase.OpenAsync([.. parse.UnmatchedTokens], ct);
            if (services is null) return exit;
            await using (services)
            {
                try
                {
                    var settings = services.GetRequiredService<AppSettings>();
                    var codes = parse.GetValue(tickers) is { Length: > 0 } t
                        ? t.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray()
                        : parse.GetValue(universe) == "watchlist" ? [.. settings.Trading.EffectiveWatchlist] : null;
                    var limits = TradingServices.RiskLimitsFrom(settings.Risk);
                    var request = new BacktestRequest
                    {
                        From = first,
                        To = last,
                        Tickers = codes,
                        Engine = parse.GetValue(engine) switch { "buy-and-hold" => BacktestEngineKind.BuyAndHold, "llm" => BacktestEngineKind.Llm, _ => BacktestEngineKind.Rules },
                        Resolution = parse.GetValue(resolution) == "minute" ? BarResolution.Minute : BarResolution.Day,
                        CadenceMinutes = parse.GetValue(cadence) ?? 30,
                        InitialCash = parse.GetValue(cash),
                        RiskLimits = limits,
                        RulesOptions = settings.Trading.Rules.ToOptions(settings.Risk),
                    };
                    if (request.Engine == BacktestEngineKind.Llm || parse.GetValue(promptVersion) is not null)
                    {
                        var (prompt, strategyRules, promptProblem) = await BacktestLlm.PromptAsync(services, settings.Llm, parse.GetValue(promptVersion), ct);
                        if (promptProblem is not null) return await CliVerb.Refuse(errors, "Backtest refused: " + promptProblem);
                        request = request with { Prompt = prompt, StrategyRules = strategyRules };
                    }
                    CachingLlmClient? llm = null;
                    if (request.Engine == BacktestEngineKind.Llm)
                    {
                        var (client, llmProblem) = BacktestLlm.Client(services, settings.Llm, parse.GetValue(llmCache)!, parse.GetValue(llmBudget));
                        if (llmProblem is not null) return await CliVerb.Refuse(errors, "Backtest refused: " + llmProblem);
                        llm = client;
                    }
                    if (sweeping)
                        return await SweepAsync(request, parse.GetValue(sweep), parse.GetValue(walkForward), parse.GetValue(objective)!, parse.GetValue(parallel),
                            parse.GetValue(json), services.GetRequiredService<IMarketHistory>(), console, errors, ct);
                    BacktestBars bars;
                    try
                    {
                        bars = await BacktestBars.LoadAsync(services.GetRequiredService<IMarketHistory>(), request, ct: ct);
                    }
                    catch (BacktestInputException ex)
                    {
                        return await CliVerb.Refuse(errors, "Backtest refused: " + ex.Message);
                    }
                    var watch = Stopwatch.StartNew();
                    var report = await new BacktestEngine(llm).RunAsync(request, bars, new ConsoleProgress(errors), ct);
                    watch.Stop();
                    if (llm is not null) report = report with { LlmCacheMisses = llm.Counters.MissesRefused };
                    var stored = new StoredBacktest(Guid.NewGuid().ToString("N"), TimeProvider.System.GetUtcNow(), CodeVersion(), report);
                    await services.GetRequiredService<IBacktestStore>().SaveAsync(stored, ct);
                    BacktestTable.Write(console, report);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sessions: {report.Metrics.Sessions}, instruments: {report.Request.Tickers.Count}, orders: {report.Orders.Count}, fills: {report.Fills.Count}, run in {watch.Elapsed.TotalSeconds:0.0} s"));
                    console.WriteLine($"data: {report.Data.Bars} bars {report.Data.FirstBar:yyyy-MM-dd} to {report.Data.LastBar:yyyy-MM-dd}, sha256 {report.Data.Sha256}");
                    if (llm is not null) console.WriteLine(BacktestLlm.Describe(llm.Counters));
                    console.WriteLine($"stored: backtest {stored.Id} (code {stored.CodeVersion})");
                    if (parse.GetValue(json) is { } path)
                    {
                        await File.WriteAllBytesAsync(path, BacktestJson.SerializeToUtf8Bytes(report), ct);
                        console.WriteLine($"report: {path}");
                    }
                    return 0;
                }
                catch (BacktestInputException ex)
                {
                    return await CliVerb.Refuse(errors, "Backtest refused: " + ex.Message);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await errors.WriteLineAsync($"Backtest failed: {ex.Message}");
                    return 1;
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                }
            }
        });
        return command;
    }

    /// <summary>A sweep: the plan checked, the bars loaded once for the whole period, every set on every window (in
    /// parallel), the ranked table and the JSON report. Sweeps are not stored (their runs are many and partial); the
    /// JSON file is the record.</summary>
    private static async Task<int> SweepAsync(BacktestRequest request, string? sweep, string? walkForward, string objectiveName, int parallel,
        string? json, IMarketHistory history, TextWriter console, TextWriter errors, CancellationToken ct)
    {
        var (grid, windows, split, problem) = BacktestSweep.Plan(sweep, walkForward, request);
        if (problem is not null) return await CliVerb.Refuse(errors, "Backtest refused: " + problem);
        if (!SweepObjectives.TryParse(objectiveName, out var objective)) return await CliVerb.Refuse(errors, $"Backtest refused: unknown objective {objectiveName}.");
        var bars = await BacktestBars.LoadAsync(history, request, ct: ct);
        var usable = BacktestSweep.WithSessions(windows!, bars.History);
        if (usable.Count == 0) return await CliVerb.Refuse(errors, "Backtest refused: no window has sessions in both its train and test periods.");
        var watch = Stopwatch.StartNew();
        var progress = new ConsoleProgress(errors, "backtests");
        var report = await new SweepRunner((r, token) => new BacktestEngine().RunAsync(r, bars, null, token), parallel)
            .RunAsync(request, grid!, usable, objective, split, new SweepProgressAdapter(progress), ct);
        watch.Stop();
        BacktestSweep.Write(console, report);
        console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{report.Summary.Backtests} backtests, {parallel} at a time, in {watch.Elapsed.TotalSeconds:0.0} s"));
        console.WriteLine($"data: {report.Data.Bars} bars {report.Data.FirstBar:yyyy-MM-dd} to {report.Data.LastBar:yyyy-MM-dd}, sha256 {report.Data.Sha256}");
        if (json is not null)
        {
            await File.WriteAllBytesAsync(json, SweepJson.SerializeToUtf8Bytes(report), ct);
            console.WriteLine($"report: {json}");
        }
        return 0;
    }

    /// <summary>The running code's version (the assembly's informational version: version and commit).</summary>
    public static string CodeVersion()
    {
        var version = typeof(BacktestEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return version.Length > StoredBacktest.MaxCodeVersionLength ? version[..StoredBacktest.MaxCodeVersionLength] : version;
    }

    private static bool TryDate(string? s, out DateOnly date) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Progress on standard error every tenth of the run, so the table on standard output stays clean.</summary>
    private sealed class ConsoleProgress(TextWriter errors, string unit = "sessions") : IProgress<BacktestProgress>
    {
        private readonly Lock _gate = new();
        private int _lastTenth = -1;

        public void Report(BacktestProgress p)
        {
            // A sweep reports from its parallel runs.
            lock (_gate) Write(p);
        }

        private void Write(BacktestProgress p)
        {
            if (p.SessionsTotal == 0) return;
            var tenth = p.SessionsDone * 10 / p.SessionsTotal;
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            errors.WriteLine($"progress: {p.SessionsDone}/{p.SessionsTotal} {unit}");
        }
    }

    private sealed class SweepProgressAdapter(ConsoleProgress inner) : IProgress<SweepProgress>
    {
        public void Report(SweepProgress value) => inner.Report(new BacktestProgress(value.Done, value.Total, null));
    }
}
