using System.CommandLine;
using System.Globalization;
using System.Text.Json;
using KisTrader.Core.Audit;
using KisTrader.Core.Backtesting;
using KisTrader.Core.History;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ports;
using KisTrader.Ml;

namespace KisTrader.Web.Cli;

/// <summary><c>train [--model lr|rf|lgbm|all] [--labels binary|three] [--from --to] [--tickers] [--json FILE]</c>: builds
/// the labelled dataset from the history store (point-in-time daily features, the default label: binary up or not, or
/// with <c>--labels three</c> down, flat, up, signal <c>3c5d-1pct</c>), evaluates each model walk-forward (the
/// threshold chosen on validation rows only), trains it on the whole window, registers it as a candidate and prints its
/// out-of-sample metrics beside the majority baseline's. Exit 0 done, 1 failed, 2 bad arguments or too little history.</summary>
public static class TrainCommand
{
    public static readonly IReadOnlyList<string> Models = ["lr", "rf", "lgbm"];

    public static Task<int> RunAsync(string[] args, TextWriter? output = null, TextWriter? error = null) =>
        CliVerb.RunAsync(Create(output, error), args, output, error);

    public static Command Create(TextWriter? output = null, TextWriter? error = null)
    {
        var console = output ?? Console.Out;
        var errors = error ?? Console.Error;
        var model = new Option<string>("--model") { Description = "lr, rf, lgbm or all", DefaultValueFactory = _ => "all" };
        var from = new Option<string?>("--from") { Description = "First session of the training window, yyyy-MM-dd (default: the first stored)" };
        var to = new Option<string?>("--to") { Description = "Last session of the training window, yyyy-MM-dd (default: the last stored)" };
        var tickers = new Option<string[]>("--tickers") { Description = "Codes, comma-separated, or the option repeated (default: every instrument with bars)" };
        var json = new Option<string?>("--json") { Description = "Also write the metrics as JSON to this file" };
        var labels = new Option<string>("--labels") { Description = "binary (up or not) or three (down, flat, up)", DefaultValueFactory = _ => "binary" };
        var command = new Command("train", "Train, evaluate walk-forward and register ML signal models") { model, labels, from, to, tickers, json };

        command.SetAction(async (parse, ct) =>
        {
            if (HostArguments.Problem(parse.UnmatchedTokens) is { } problem)
                return await CliVerb.Refuse(errors, "KisTrader: " + problem);
            var name = parse.GetValue(model)!;
            if (name != "all" && !Models.Contains(name))
                return await CliVerb.Refuse(errors, $"Train refused: --model must be lr, rf, lgbm or all (got '{name}').");
            var threeClass = parse.GetValue(labels) switch
            {
                "binary" => (bool?)false,
                "three" => true,
                _ => null,
            };
            if (threeClass is null)
                return await CliVerb.Refuse(errors, $"Train refused: --labels must be binary or three (got '{parse.GetValue(labels)}').");
            if (!TryDate(parse.GetValue(from), out var first))
                return await CliVerb.Refuse(errors, "Train refused: --from is a date in the format yyyy-MM-dd.");
            if (!TryDate(parse.GetValue(to), out var last))
                return await CliVerb.Refuse(errors, "Train refused: --to is a date in the format yyyy-MM-dd.");
            if (first is { } f0 && last is { } l0 && f0 > l0)
                return await CliVerb.Refuse(errors, "Train refused: --from is after --to.");
            var codes = parse.GetValue(tickers) is { Length: > 0 } t
                ? t.SelectMany(x => x.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)).Distinct(StringComparer.Ordinal).ToArray()
                : null;
            if (codes?.FirstOrDefault(c => !MarketIndexes.IsInstrumentCode(c)) is { } badCode)
                return await CliVerb.Refuse(errors, $"Train refused: --tickers: '{badCode}' is not a six-character instrument code.");

            var (services, exit) = await CliDatabase.OpenAsync([.. parse.UnmatchedTokens], ct);
            if (services is null) return exit;
            await using (services)
            {
                try
                {
                    var store = services.GetRequiredService<IMarketHistory>();
                    var coverage = (await store.CoverageAsync(ct))
                        .Where(c => c.Resolution == BarResolution.Day && MarketIndexes.IsInstrumentCode(c.Ticker) && (codes is null || codes.Contains(c.Ticker)))
                        .ToList();
                    if (coverage.Count == 0)
                        return await CliVerb.Refuse(errors, "Train refused: no daily bars stored" + (codes is null ? "" : " for --tickers") + " (import or collect first).");
                    var windowFrom = first ?? coverage.Min(c => c.FirstDate);
                    var windowTo = last ?? coverage.Max(c => c.LastDate);
                    // The features look back a year and more: the rows before the window are read too, as of the window's last close.
                    IReadOnlyCollection<string>? wanted = codes is null ? null : [.. codes, MarketIndexes.Kospi, MarketIndexes.Kosdaq];
                    var rows = await store.ReadAsync(HistoryQuery.Daily(wanted, windowFrom.AddDays(-FeatureHistory.LookbackDays), windowTo, KrxCalendar.CloseOn(windowTo)), ct);
                    var instruments = (await store.InstrumentsAsync(ct)).Select(i => new BacktestInstrument(i.Ticker, i.Ticker, i.Market));
                    var history = FeatureHistory.FromRows(rows, instruments);
                    var spec = new LabelSpec();
                    var present = codes?.Where(history.Instruments.Tickers.Contains).ToList();
                    var dataset = new DatasetBuilder(new DailyFeatures(), spec).Build(history, windowFrom, windowTo, present, ct);
                    if (dataset.Rows.Count == 0)
                        return await CliVerb.Refuse(errors, $"Train refused: no labelled sessions from {windowFrom:yyyy-MM-dd} to {windowTo:yyyy-MM-dd}.");
                    var windows = SignalTraining.Windows(dataset.Sessions.Count, spec);
                    var window = new TrainingWindow(dataset.Sessions[0], dataset.Sessions[^1]);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"dataset: {dataset.Rows.Count:N0} rows, {dataset.Sessions.Count} sessions {window.From:yyyy-MM-dd}..{window.To:yyyy-MM-dd}, {dataset.Rows.Select(r => r.Ticker).Distinct().Count()} instruments, schema {dataset.Schema.Id}, label {(threeClass.Value ? ThreeClassTraining.SignalName(spec) : SignalTraining.SignalName(spec))}; {dataset.RowsWithMissing:N0} rows with a missing value, {dataset.Unlabelled} unlabelled sessions left out"));
                    var registry = new ModelRegistryService(services.GetRequiredService<IModelRegistry>(), services.GetRequiredService<IAuditLog>(),
                        new PromotionOptions(), TimeProvider.System);
                    var reports = new List<TrainReport>();
                    foreach (var trainerName in name == "all" ? Models : [name])
                    {
                        (ModelVersion Version, IReadOnlyList<ModelArtifact> Artifacts, Func<ModelVersion, TrainReport> Report) trained;
                        try
                        {
                            if (threeClass.Value)
                            {
                                var result = ThreeClassTraining.Run(dataset, MulticlassTrainers.Create(trainerName), window, spec, windows, ct);
                                trained = (result.Version, result.Artifacts, stored => TrainReport.From(result, stored));
                            }
                            else
                            {
                                var result = SignalTraining.Run(dataset, TrainerDefaults.Create(trainerName), window, spec, windows, ct);
                                trained = (result.Version, result.Artifacts, stored => TrainReport.From(result, stored));
                            }
                        }
                        catch (ArgumentException ex)
                        {
                            return await CliVerb.Refuse(errors, $"Train refused ({trainerName}): {ex.Message}");
                        }
                        var report = trained.Report(await registry.RegisterAsync(trained.Version, trained.Artifacts, "cli", ct));
                        reports.Add(report);
                        ModelTable.WriteTraining(console, report);
                    }
                    if (parse.GetValue(json) is { } path)
                    {
                        await File.WriteAllBytesAsync(path, JsonSerializer.SerializeToUtf8Bytes(reports, ModelTable.Json), ct);
                        console.WriteLine($"written: {path}");
                    }
                    return 0;
                }
                catch (OperationCanceledException) when (ct.IsCancellationRequested)
                {
                    await errors.WriteLineAsync("Train cancelled.");
                    return 1;
                }
                catch (Exception ex) when (ex is InvalidOperationException or IOException or UnauthorizedAccessException)
                {
                    await errors.WriteLineAsync($"Train failed: {ex.Message}");
                    return 1;
                }
            }
        });
        return command;
    }

    private static bool TryDate(string? text, out DateOnly? date)
    {
        date = null;
        if (text is null) return true;
        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var d)) return false;
        date = d;
        return true;
    }
}
