using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Reflection;
using KisTrader.Core.Backtesting;
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
        var resolution = new Option<string>("--resolution") { Description = "day (minute: not available yet)", DefaultValueFactory = _ => "day" };
        resolution.AcceptOnlyFromAmong("day", "minute");
        var cash = new Option<decimal>("--cash") { Description = "Starting cash in won", DefaultValueFactory = _ => 100_000_000m };
        var json = new Option<string?>("--json") { Description = "Also write the whole report as JSON to this file" };
        var command = new Command("backtest", "Backtest over the stored history and store the result") { from, to, tickers, universe, engine, resolution, cash, json };

        command.SetAction(async (parse, ct) =>
        {
            if (HostArguments.Problem(parse.UnmatchedTokens) is { } problem)
                return await CliVerb.Refuse(errors, "KisTrader: " + problem);
            if (!TryDate(parse.GetValue(from), out var first) || !TryDate(parse.GetValue(to), out var last))
                return await CliVerb.Refuse(errors, "Backtest refused: --from and --to are dates in the format yyyy-MM-dd.");
            if (parse.GetValue(tickers) is { Length: > 0 } && parse.GetValue(universe) is not null)
                return await CliVerb.Refuse(errors, "Backtest refused: give --tickers or --universe, not both.");
            if (parse.GetValue(cash) <= 0)
                return await CliVerb.Refuse(errors, "Backtest refused: --cash must be positive.");
            if (parse.GetValue(engine) == "llm")
                return await CliVerb.Refuse(errors, "Backtest refused: the llm engine is not available from the command line yet (it needs the LLM response cache); use rules or buy-and-hold.");

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
                        Engine = parse.GetValue(engine) == "buy-and-hold" ? BacktestEngineKind.BuyAndHold : BacktestEngineKind.Rules,
                        Resolution = parse.GetValue(resolution) == "minute" ? BarResolution.Minute : BarResolution.Day,
                        InitialCash = parse.GetValue(cash),
                        RiskLimits = limits,
                        RulesOptions = settings.Trading.Rules.ToOptions(settings.Risk),
                    };
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
                    var report = await new BacktestEngine().RunAsync(request, bars, new ConsoleProgress(errors), ct);
                    watch.Stop();
                    var stored = new StoredBacktest(Guid.NewGuid().ToString("N"), TimeProvider.System.GetUtcNow(), CodeVersion(), report);
                    await services.GetRequiredService<IBacktestStore>().SaveAsync(stored, ct);
                    BacktestTable.Write(console, report);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"sessions: {report.Metrics.Sessions}, instruments: {report.Request.Tickers.Count}, orders: {report.Orders.Count}, fills: {report.Fills.Count}, run in {watch.Elapsed.TotalSeconds:0.0} s"));
                    console.WriteLine($"data: {report.Data.Bars} bars {report.Data.FirstBar:yyyy-MM-dd} to {report.Data.LastBar:yyyy-MM-dd}, sha256 {report.Data.Sha256}");
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

    /// <summary>The running code's version (the assembly's informational version: version and commit).</summary>
    public static string CodeVersion()
    {
        var version = typeof(BacktestEngine).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion ?? "unknown";
        return version.Length > StoredBacktest.MaxCodeVersionLength ? version[..StoredBacktest.MaxCodeVersionLength] : version;
    }

    private static bool TryDate(string? s, out DateOnly date) =>
        DateOnly.TryParseExact(s, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);

    /// <summary>Progress on standard error every tenth of the run, so the table on standard output stays clean.</summary>
    private sealed class ConsoleProgress(TextWriter errors) : IProgress<BacktestProgress>
    {
        private int _lastTenth = -1;

        public void Report(BacktestProgress p)
        {
            if (p.SessionsTotal == 0) return;
            var tenth = p.SessionsDone * 10 / p.SessionsTotal;
            if (tenth == _lastTenth) return;
            _lastTenth = tenth;
            errors.WriteLine($"progress: {p.SessionsDone}/{p.SessionsTotal} sessions");
        }
    }
}
