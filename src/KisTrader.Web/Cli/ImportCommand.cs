using System.CommandLine;
using System.Globalization;
using KisTrader.Core.History;
using KisTrader.Core.Ports;
using Microsoft.Data.Sqlite;

namespace KisTrader.Web.Cli;

/// <summary><c>import FILE</c>: daily bars from a CSV file in the layout of <see cref="HistoryCsv"/>. The whole file is
/// checked before the database is opened; one bad row and nothing is written (every bad row is listed with its line
/// number and reason, exit 2). A good file is written in one transaction, replacing stored bars of the same instrument
/// and day. Exit 0 done, 1 failed (the database), 2 bad arguments, configuration or file.</summary>
public static class ImportCommand
{
    /// <summary>At most this many refused rows are printed; the count of the rest follows.</summary>
    public const int MaxErrorsShown = 50;

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CliVerb.RunAsync(Create(output, error), args, output, error);

    /// <summary>The verb's command and its action, for the one root command (<see cref="CommandLine.Root"/>).</summary>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var console = output ?? Console.Out;
        var errors = error ?? Console.Error;
        var file = new Argument<string>("FILE") { Description = "CSV with the header " + HistoryCsv.Header };
        var import = new Command("import", "Import daily bars from a CSV file (all rows or none)") { file };

        import.SetAction(async (parse, ct) =>
        {
            var path = parse.GetValue(file)!;
            if (await CliVerb.RefuseHostArguments(parse.UnmatchedTokens, errors) is { } refused)
                return refused;
            if (!File.Exists(path))
                return await CliVerb.Refuse(errors, $"Import refused: {path} does not exist.");

            HistoryCsvResult parsed;
            using (var reader = new StreamReader(path))
                parsed = HistoryCsv.Parse(reader, path, TimeProvider.System.GetUtcNow());
            if (!parsed.Ok)
            {
                await errors.WriteLineAsync($"Import refused: {parsed.Errors.Count} bad row(s) in {path}; nothing was imported.");
                foreach (var e in parsed.Errors.Take(MaxErrorsShown)) await errors.WriteLineAsync($"{Path.GetFileName(path)}:{e}");
                if (parsed.Errors.Count > MaxErrorsShown) await errors.WriteLineAsync($"... and {parsed.Errors.Count - MaxErrorsShown} more");
                return CommandLine.ExitUsage;
            }

            var (services, exit) = await CliDatabase.OpenAsync([.. parse.UnmatchedTokens], ct);
            if (services is null) return exit;
            await using (services)
            {
                try
                {
                    var store = services.GetRequiredService<IMarketHistory>();
                    // The markets first: should the bars then fail, a stored market without bars misleads nothing.
                    var source = HistoryCsv.SourcePrefix + Path.GetFileName(path);
                    var now = TimeProvider.System.GetUtcNow();
                    await store.UpsertInstrumentsAsync([.. parsed.Markets.Select(m => new HistoryInstrument(m.Key, m.Value, source, now))], ct);
                    var written = await store.UpsertAsync(parsed.Bars, ct);
                    var bars = parsed.Bars;
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"imported: {written} bars of {bars.Select(b => b.Ticker).Distinct().Count()} instruments from {Path.GetFileName(path)}"));
                    if (bars.Count > 0)
                        console.WriteLine($"dates: {bars.Min(b => b.Date):yyyy-MM-dd} to {bars.Max(b => b.Date):yyyy-MM-dd}");
                    console.WriteLine($"source: {HistoryCsv.SourcePrefix}{Path.GetFileName(path)}");
                    return 0;
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    await errors.WriteLineAsync($"Import failed, nothing was imported: {ex.Message}");
                    return 1;
                }
                finally
                {
                    SqliteConnection.ClearAllPools();
                }
            }
        });
        return import;
    }
}
