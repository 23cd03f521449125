using System.CommandLine;
using System.Globalization;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ports;
using KisTrader.Web.History;
using Microsoft.Data.Sqlite;

namespace KisTrader.Web.Cli;

/// <summary><c>export --out FILE [--format csv|parquet] [--tickers ...] [--from] [--to] [--resolution day|minute] [--adjusted]</c>:
/// stored bars, read point-in-time as of now, to a file for research in other tools. CSV is the import layout (daily bars
/// only; raw prices, or with --adjusted the adjusted ones); Parquet has every stored field. Exit 0 done, 1 failed, 2 bad
/// arguments or configuration.</summary>
public static class ExportCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CliVerb.RunAsync(Create(output, error), args, output, error);

    /// <summary>The verb's command and its action, for the one root command (<see cref="CommandLine.Root"/>).</summary>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var console = output ?? Console.Out;
        var errors = error ?? Console.Error;
        var outFile = new Option<string>("--out") { Description = "The file to write", Required = true };
        var format = new Option<string?>("--format") { Description = "csv or parquet (default: parquet for a .parquet file, else csv)" };
        format.AcceptOnlyFromAmong("csv", "parquet");
        // One token per --tickers (comma-separated, or the option repeated): a list that took several tokens would swallow
        // the settings that follow it (--Database:DataDirectory …).
        var tickers = new Option<string[]>("--tickers") { Description = "Codes, comma-separated, or the option repeated (default: all)" };
        var from = new Option<string?>("--from") { Description = "First session date, yyyy-MM-dd (default: the first stored)" };
        var to = new Option<string?>("--to") { Description = "Last session date, yyyy-MM-dd (default: today)" };
        var resolution = new Option<string>("--resolution") { Description = "day or minute", DefaultValueFactory = _ => "day" };
        resolution.AcceptOnlyFromAmong("day", "minute");
        var adjusted = new Option<bool>("--adjusted") { Description = "CSV: write the adjusted prices instead of the raw ones" };
        var export = new Command("export", "Export stored bars to CSV or Parquet") { outFile, format, tickers, from, to, resolution, adjusted };

        export.SetAction(async (parse, ct) =>
        {
            if (await CliVerb.RefuseHostArguments(parse.UnmatchedTokens, errors) is { } refused)
                return refused;
            var path = parse.GetValue(outFile)!;
            var parquet = (parse.GetValue(format) ?? (path.EndsWith(".parquet", StringComparison.OrdinalIgnoreCase) ? "parquet" : "csv")) == "parquet";
            var res = parse.GetValue(resolution) == "minute" ? BarResolution.Minute : BarResolution.Day;
            if (!parquet && res == BarResolution.Minute)
                return await CliVerb.Refuse(errors, "Export refused: the CSV layout has one row per instrument and day; export minute bars with --format parquet.");
            if (parquet && parse.GetValue(adjusted))
                return await CliVerb.Refuse(errors, "Export refused: --adjusted is for CSV; Parquet has both the raw and the adjusted prices.");
            if (!TryDate(parse.GetValue(from), DateOnly.MinValue, out var first) || !TryDate(parse.GetValue(to), KrxCalendar.KstDate(TimeProvider.System.GetUtcNow()), out var last))
                return await CliVerb.Refuse(errors, "Export refused: --from and --to are dates in the format yyyy-MM-dd.");
            if (first > last)
                return await CliVerb.Refuse(errors, $"Export refused: --from {first:yyyy-MM-dd} is after --to {last:yyyy-MM-dd}.");
            var codes = parse.GetValue(tickers) is { Length: > 0 } t
                ? t.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct().ToArray()
                : null;

            var (services, exit) = await CliDatabase.OpenAsync([.. parse.UnmatchedTokens], ct);
            if (services is null) return exit;
            await using (services)
            {
                try
                {
                    var asOf = TimeProvider.System.GetUtcNow();
                    var bars = await services.GetRequiredService<IMarketHistory>().ReadAsync(new HistoryQuery(codes, res, first, last, asOf), ct);
                    var full = Path.GetFullPath(path);
                    if (Path.GetDirectoryName(full) is { } dir) Directory.CreateDirectory(dir);
                    // Written beside the target and moved over it: a failed export leaves no half-written file.
                    var partial = full + ".partial";
                    await using (var stream = File.Create(partial))
                    {
                        if (parquet) await HistoryParquet.WriteAsync(stream, bars, ct);
                        else
                        {
                            await using var writer = new StreamWriter(stream);
                            HistoryCsv.Write(writer, bars, parse.GetValue(adjusted));
                        }
                    }
                    File.Move(partial, full, overwrite: true);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"exported: {bars.Count} {(res == BarResolution.Day ? "daily" : "minute")} bars of {bars.Select(b => b.Ticker).Distinct().Count()} instruments"));
                    if (bars.Count > 0) console.WriteLine($"dates: {bars.Min(b => b.Date):yyyy-MM-dd} to {bars.Max(b => b.Date):yyyy-MM-dd}");
                    console.WriteLine($"file: {full} ({(parquet ? "parquet" : parse.GetValue(adjusted) ? "csv, adjusted prices" : "csv")})");
                    return 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await errors.WriteLineAsync($"Export failed: {ex.Message}");
                    return 1;
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                }
            }
        });
        return export;
    }

    private static bool TryDate(string? text, DateOnly fallback, out DateOnly date)
    {
        date = fallback;
        return text is null || DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out date);
    }
}
