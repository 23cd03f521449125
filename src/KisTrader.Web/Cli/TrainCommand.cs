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
using KisTrader.Web.Hosting;
using KisTrader.Web.Trading;

namespace KisTrader.Web.Cli;

/// <summary><c>train [--model lr|rf|lgbm|all] [--labels binary|three] [--from --to] [--tickers] [--json FILE] [--promote]</c>:
/// builds the labelled dataset from the history store (point-in-time daily features, the default label: binary up or not,
/// or with <c>--labels three</c> down, flat, up, signal <c>3c5d-1pct</c>), evaluates each model walk-forward (the
/// threshold chosen on validation rows only); a binary model's out-of-sample signal is then backtested as a gate on the
/// rules engine's entries against the same backtest without it (<see cref="GatedBacktest"/>; the gated report is stored).
/// Each model is trained on the whole window, registered as a candidate with that result, and its out-of-sample metrics
/// are printed beside the majority baseline's and (binary) the rules engine's signal's; with <c>--promote</c> the best of
/// them is then judged by the promotion rule (<see cref="CandidatePromotion"/>) as the weekly retraining does.
/// Exit 0 done, 1 failed, 2 bad arguments or too little history.</summary>
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
        var promote = new Option<bool>("--promote") { Description = "Then put the best new candidate to the promotion rule (ModelPromotion margins against the active model)" };
        var command = new Command("train", "Train, evaluate walk-forward and register ML signal models") { model, labels, from, to, tickers, json, promote };

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
                    // As of the window's last close (the features' look-back before the window is read too); the gated backtest
                    // replays the same bars.
                    var loaded = await StoredFeatureHistory.ReadAsync(store, codes, windowFrom, windowTo, KrxCalendar.CloseOn(windowTo), ct);
                    var (rows, instruments, history) = (loaded.Rows, loaded.Instruments, loaded.History);
                    var spec = new LabelSpec();
                    var present = codes?.Where(history.Instruments.Tickers.Contains).ToList();
                    var dataset = new DatasetBuilder(new DailyFeatures(), spec).Build(history, windowFrom, windowTo, present, ct);
                    if (dataset.Rows.Count == 0)
                        return await CliVerb.Refuse(errors, $"Train refused: no labelled sessions from {windowFrom:yyyy-MM-dd} to {windowTo:yyyy-MM-dd}.");
                    var windows = SignalTraining.Windows(dataset.Sessions.Count, spec);
                    var window = new TrainingWindow(dataset.Sessions[0], dataset.Sessions[^1]);
                    console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"dataset: {dataset.Rows.Count:N0} rows, {dataset.Sessions.Count} sessions {window.From:yyyy-MM-dd}..{window.To:yyyy-MM-dd}, {dataset.Rows.Select(r => r.Ticker).Distinct().Count()} instruments, schema {dataset.Schema.Id}, label {(threeClass.Value ? ThreeClassTraining.SignalName(spec) : SignalTraining.SignalName(spec))}; {dataset.RowsWithMissing:N0} rows with a missing value, {dataset.Unlabelled} unlabelled sessions left out"));
                    // The app's promotion margins (ModelPromotion), so --promote judges as the weekly retraining does.
                    var registry = new ModelRegistryService(services.GetRequiredService<IModelRegistry>(), services.GetRequiredService<IAuditLog>(),
                        Ml.ModelRegistryServices.CoreOptionsFrom(services.GetRequiredService<Hosting.Options.ModelPromotionOptions>()), TimeProvider.System);
                    var reports = new List<TrainReport>();
                    var settings = services.GetRequiredService<AppSettings>();
                    // The gated backtest runs the rules engine and risk limits as configured (its own ML gate replaced).
                    var gate = new GatedBacktestOptions
                    {
                        Rules = settings.Trading.Rules.ToOptions(settings.Risk),
                        RiskLimits = TradingServices.RiskLimitsFrom(settings.Risk),
                    };
                    foreach (var trainerName in name == "all" ? Models : [name])
                    {
                        ThreeClassTrainingResult? three = null;
                        SignalTrainingResult? binary = null;
                        try
                        {
                            if (threeClass.Value)
                                three = ThreeClassTraining.Run(dataset, MulticlassTrainers.Create(trainerName), window, spec, windows, ct);
                            else
                                binary = SignalTraining.Run(dataset, TrainerDefaults.Create(trainerName), window, spec, windows, ct);
                        }
                        catch (ArgumentException ex)
                        {
                            return await CliVerb.Refuse(errors, $"Train refused ({trainerName}): {ex.Message}");
                        }
                        TrainReport report;
                        if (three is not null)
                        {
                            // A three-class model has no single probability and threshold to gate the rules engine with: no gated backtest.
                            report = TrainReport.From(three, await registry.RegisterAsync(three.Version, three.Artifacts, "cli", ct));
                        }
                        else
                        {
                            GatedBacktestOutcome gated;
                            try
                            {
                                gated = await GatedBacktest.RunAsync(binary!.WalkForward!, binary.FoldThresholds, rows, instruments, gate, ct);
                            }
                            catch (Exception ex) when (ex is ArgumentException or BacktestInputException)
                            {
                                return await CliVerb.Refuse(errors, $"Train refused ({trainerName}): gated backtest: {ex.Message}");
                            }
                            var backtest = new StoredBacktest(Guid.NewGuid().ToString("N"), TimeProvider.System.GetUtcNow(), BacktestCommand.CodeVersion(), gated.Gated);
                            await services.GetRequiredService<IBacktestStore>().SaveAsync(backtest, ct);
                            var stored = await registry.RegisterAsync(binary.Version with { Backtest = gated.Result with { BacktestId = backtest.Id } }, binary.Artifacts, "cli", ct);
                            report = TrainReport.From(binary, stored, gated);
                        }
                        reports.Add(report);
                        ModelTable.WriteTraining(console, report);
                    }
                    ModelTable.WriteGatedBacktests(console, reports);
                    if (parse.GetValue(promote))
                    {
                        var versions = new List<ModelVersion>();
                        foreach (var r in reports) versions.Add((await services.GetRequiredService<IModelRegistry>().GetAsync(r.Signal, r.Version, ct))!);
                        var decision = await CandidatePromotion.PromoteBestAsync(registry, services.GetRequiredService<IModelRegistry>(), versions, "cli",
                            "train --promote: the best of this run", TimeProvider.System, ct);
                        console.WriteLine($"promotion: {decision.Message}");
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
