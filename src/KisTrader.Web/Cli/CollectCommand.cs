using System.CommandLine;
using System.Globalization;
using KisTrader.Core.History;
using KisTrader.Web.Hosting;
using KisTrader.Web.History;

namespace KisTrader.Web.Cli;

/// <summary><c>collect [--tickers CODE,...] [--from yyyy-MM-dd]</c>: one market-history collection against the configured
/// environment (the built-in simulator by default), the same as the Data page's button and the scheduled job: daily bars
/// from each ticker's last stored day (or History:YearsBack), today's minute bars, the KOSPI and KOSDAQ indexes. Prints
/// progress and the summary. Exit 0 done, 1 some ticker failed, 2 bad arguments or configuration.</summary>
public static class CollectCommand
{
    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CliVerb.RunAsync(Create(output, error), args, output, error);

    /// <summary>The verb's command and its action, for the one root command (<see cref="CommandLine.Root"/>).</summary>
    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var console = output ?? Console.Out;
        var errors = error ?? Console.Error;
        var tickersOption = new Option<string?>("--tickers") { Description = "Comma-separated KRX codes (or 0001 KOSPI, 1001 KOSDAQ); default: watchlist, holdings, History:Universe, indexes" };
        var fromOption = new Option<string?>("--from") { Description = "First day (yyyy-MM-dd); default: each ticker's last stored day + 1" };
        var collect = new Command("collect", "Collect market history now") { tickersOption, fromOption };

        collect.SetAction(async (parse, ct) =>
        {
            IReadOnlyList<string>? tickers = null;
            if (parse.GetValue(tickersOption) is { } list)
            {
                tickers = [.. list.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)];
                if (tickers.Count == 0)
                    return await CliVerb.Refuse(errors, "KisTrader: --tickers: no code given.");
                if (tickers.FirstOrDefault(t => !MarketIndexes.IsInstrumentCode(t) && !MarketIndexes.IsIndex(t)) is { } bad)
                    return await CliVerb.Refuse(errors, $"KisTrader: --tickers: '{bad}' is not a 6-character KRX code or a 4-digit index code.");
            }
            DateOnly? from = null;
            if (parse.GetValue(fromOption) is { } text)
            {
                if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d))
                    return await CliVerb.Refuse(errors, $"KisTrader: --from: '{text}' is not a date (yyyy-MM-dd).");
                from = d;
            }
            var hostArgs = parse.UnmatchedTokens.ToArray();
            if (await CommandLine.RefusedAsync(hostArgs, errors))
                return CommandLine.ExitUsage;
            var overrides = CliVerb.OneShotHostOverrides();
            overrides["History:Enabled"] = "false";
            var (app, _, _, exit) = await KisTraderHost.BuildAsync(hostArgs, overrides, holder: "collect");
            if (app is null)
                return exit;
            await app.StartAsync(ct);
            try
            {
                var collection = app.Services.GetRequiredService<HistoryCollection>();
                var lastDone = -1;
                collection.Changed += () =>
                {
                    if (collection.Progress is { Total: > 0 } p && p.Done != lastDone)
                    {
                        lastDone = p.Done;
                        console.WriteLine($"[{p.Done}/{p.Total}] {p.Current ?? "done"}: {p.BarsAdded} bars so far, {p.Failures} failed");
                    }
                };
                var summary = await collection.TryRunAsync("cli", tickers, from, ct);
                if (summary is null)
                {
                    await errors.WriteLineAsync("Collect: a collection is already running.");
                    return 1;
                }
                foreach (var t in summary.Tickers)
                    console.WriteLine(t.Failed ? $"{t.Ticker}: FAILED {t.Failure}" : $"{t.Ticker}: {t.DailyBars} daily, {t.MinuteBars} minute bars");
                console.WriteLine($"collected from {summary.Source}: {summary.Describe()}");
                return summary.Failures.Count == 0 ? 0 : 1;
            }
            finally
            {
                await app.StopAsync(CancellationToken.None);
                await app.DisposeAsync();
            }
        });
        return collect;
    }
}
