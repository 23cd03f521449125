using System.Globalization;
using KisTrader.Core.Errors;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Drift;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Core.Ports;

namespace KisTrader.Ml.Retraining;

/// <summary>
/// Retraining, one run at a time (the weekly job, the Models page and <c>train</c> share the rule): reads the latest
/// window from the history store (<see cref="ModelTrainingOptions.WindowSessions"/> sessions up to the last stored one,
/// unless the request names dates), evaluates and trains each trainer with <see cref="SignalTraining"/>, registers every
/// trained model as a candidate with its gated backtest (<see cref="GatedBacktest"/>: its out-of-sample signal gating the
/// rules engine's entries against the same backtest without it; the gated report is stored when a backtest store is
/// given), then puts the best to the promotion rule (<see cref="CandidatePromotion"/>) and checks the
/// drift of whatever model is active afterwards. Each stage is reported (<see cref="Progress"/>, <see cref="Current"/>).
/// Every model is trained before the first is registered, so a failed trainer registers nothing; registration itself is
/// one transaction per version. A failure ends the run with a finished step carrying the error; it is not thrown.
/// </summary>
public sealed class ModelTrainingService(
    IMarketHistory history,
    IModelRegistry registry,
    ModelRegistryService registryService,
    ModelTrainingOptions options,
    TimeProvider time,
    IDriftMonitor? drift = null,
    Func<string, IProbabilityTrainer>? trainers = null,
    Action<TrainingProgress, Exception?>? log = null,
    IBacktestStore? backtests = null) : IModelTrainingService
{
    private readonly Func<string, IProbabilityTrainer> _trainers = trainers ?? (name => TrainerDefaults.Create(name));
    private readonly Lock _lock = new();
    private TrainingProgress? _current;
    private string? _running;

    public string Signal => SignalTraining.SignalName(options.Label);

    public TrainingProgress? Current
    {
        get { lock (_lock) return _current; }
    }

    public event Action<TrainingProgress>? Progress;

    public Task<string> StartAsync(TrainingRequest request, CancellationToken ct = default)
    {
        var (runId, names) = Begin(request);
        // The run outlives the request that started it (a page's circuit): only the app's own stop ends it, via RunAsync.
        _ = Task.Run(() => RunBodyAsync(runId, request, names, CancellationToken.None), CancellationToken.None);
        return Task.FromResult(runId);
    }

    public Task<TrainingProgress> RunAsync(TrainingRequest request, CancellationToken ct = default)
    {
        var (runId, names) = Begin(request);
        return Task.Run(() => RunBodyAsync(runId, request, names, ct), CancellationToken.None);
    }

    /// <summary>The trainers a request names: "all" (the configured ones), or names separated by commas.</summary>
    public IReadOnlyList<string> TrainersOf(string models)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(models);
        if (models.Trim() == "all") return options.Trainers;
        var names = models.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Distinct(StringComparer.Ordinal).ToList();
        var unknown = names.FirstOrDefault(n => !ModelTrainingOptions.Known.Contains(n));
        if (names.Count == 0 || unknown is not null)
            throw new ArgumentException($"Unknown trainer '{unknown ?? models}': use lr, rf, lgbm (comma-separated) or all.", nameof(models));
        return names;
    }

    private (string RunId, IReadOnlyList<string> Trainers) Begin(TrainingRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.RequestedBy);
        ArgumentException.ThrowIfNullOrWhiteSpace(request.Trigger);
        var names = TrainersOf(request.Models);
        if (request is { From: { } f, To: { } t } && f > t)
            throw new ArgumentException($"The window starts ({f:yyyy-MM-dd}) after it ends ({t:yyyy-MM-dd}).", nameof(request));
        var now = time.GetUtcNow();
        var runId = string.Create(CultureInfo.InvariantCulture, $"train-{now:yyyyMMdd-HHmmss}-{Guid.NewGuid().ToString("N")[..6]}");
        lock (_lock)
        {
            if (_running is { } running)
                throw new TradingSystemException($"Training run {running} is already running ({_current?.Stage}: {_current?.Message}); one run at a time.");
            _running = runId;
        }
        Report(new TrainingProgress(runId, "queued", 0, Steps(names.Count), $"{request.Trigger} run by {request.RequestedBy}: {string.Join(", ", names)}", now, false), null);
        return (runId, names);
    }

    /// <summary>data, one per trainer, registry, promotion, drift.</summary>
    private static int Steps(int trainers) => trainers + 4;

    private async Task<TrainingProgress> RunBodyAsync(string runId, TrainingRequest request, IReadOnlyList<string> names, CancellationToken ct)
    {
        var total = Steps(names.Count);
        var done = 0;
        var registered = new List<int>();
        TrainingProgress Step(string stage, string message, bool finished = false, string? error = null) =>
            new(runId, stage, done, total, message, time.GetUtcNow(), finished, error, finished ? [.. registered] : null);
        TrainingProgress last;
        Exception? failure = null;
        try
        {
            var spec = options.Label;
            Report(Step("data", "reading the training window from the history store"), null);
            var (dataset, loaded) = await LoadAsync(request, ct).ConfigureAwait(false);
            var window = new TrainingWindow(dataset.Sessions[0], dataset.Sessions[^1]);
            var windows = SignalTraining.Windows(dataset.Sessions.Count, spec);
            done++;
            Report(Step("features", string.Create(CultureInfo.InvariantCulture,
                $"{dataset.Rows.Count:N0} rows, {dataset.Sessions.Count} sessions {window.From:yyyy-MM-dd}..{window.To:yyyy-MM-dd}, {dataset.Rows.Select(r => r.Ticker).Distinct().Count()} instruments")), null);

            var results = new List<SignalTrainingResult>();
            for (var i = 0; i < names.Count; i++)
            {
                ct.ThrowIfCancellationRequested();
                Report(Step($"walk-forward {names[i]} {i + 1}/{names.Count}", $"evaluating {names[i]} over {windows.Folds} walk-forward folds, then training it on the whole window"), null);
                var result = SignalTraining.Run(dataset, _trainers(names[i]), window, spec, windows, ct);
                Report(Step($"backtest {names[i]} {i + 1}/{names.Count}", $"{names[i]}: gated backtest over the walk-forward's test windows, against the same backtest without the gate"), null);
                var gated = await GatedBacktest.RunAsync(result.WalkForward!, result.FoldThresholds, loaded.Rows, loaded.Instruments, options.Gate, ct).ConfigureAwait(false);
                string? backtestId = null;
                if (backtests is not null)
                {
                    var report = new Core.Backtesting.StoredBacktest(Guid.NewGuid().ToString("N"), time.GetUtcNow(), options.CodeVersion, gated.Gated);
                    await backtests.SaveAsync(report, ct).ConfigureAwait(false);
                    backtestId = report.Id;
                }
                result = result with { Version = result.Version with { Backtest = gated.Result with { BacktestId = backtestId } } };
                results.Add(result);
                done++;
                Report(Step($"walk-forward {names[i]} {i + 1}/{names.Count}", string.Create(CultureInfo.InvariantCulture,
                    $"{names[i]}: F1 {result.Version.Metrics.F1:0.####} (baseline {result.Version.Metrics.BaselineF1:0.####}), AUC {result.RocAuc.Value:0.###}; gated backtest {gated.Result.GatedReturn:+0.00%;-0.00%} vs {gated.Result.UngatedReturn:+0.00%;-0.00%} without the gate")), null);
            }

            Report(Step("registry", $"registering {results.Count} candidate(s)"), null);
            var versions = new List<ModelVersion>();
            foreach (var result in results)
            {
                // Not cancelled half-way: every trained model is registered once the first is.
                var stored = await registryService.RegisterAsync(result.Version, result.Artifacts, request.RequestedBy, CancellationToken.None).ConfigureAwait(false);
                versions.Add(stored);
                registered.Add(stored.Version);
            }
            done++;

            Report(Step("promotion", options.AutoPromote ? "judging the best candidate against the active model" : "keeping the candidates for an admin"), null);
            var verdict = await PromoteAsync(runId, request, versions).ConfigureAwait(false);
            done++;
            Report(Step("promotion", verdict), null);

            if (drift is not null) Report(Step("drift", "checking the active model's features against its training window"), null);
            var driftNote = await CheckDriftAsync().ConfigureAwait(false);
            done++;
            last = Step("done", $"{string.Join(", ", versions.Select(v => $"{v.Label} ({v.Trainer})"))} registered; {verdict}{driftNote}", finished: true);
        }
        catch (Exception ex)
        {
            var error = ex is OperationCanceledException ? "cancelled" : $"{ex.GetType().Name}: {ex.Message}";
            last = Step("failed", registered.Count == 0
                ? $"failed, nothing registered: {error}"
                : $"failed after registering {string.Join(", ", registered.Select(v => $"v{v}"))} (complete candidates, not promoted): {error}", finished: true, error: error);
            failure = ex;
        }
        // The slot is free before the end is announced: whoever sees the run finished can start the next one at once.
        lock (_lock)
        {
            _running = null;
            _current = last;
        }
        Announce(last, failure);
        return last;
    }

    private async Task<(MlDataset Dataset, StoredHistoryWindow Loaded)> LoadAsync(TrainingRequest request, CancellationToken ct)
    {
        var coverage = (await history.CoverageAsync(ct).ConfigureAwait(false))
            .Where(c => c.Resolution == Core.History.BarResolution.Day && Core.History.MarketIndexes.IsInstrumentCode(c.Ticker)).ToList();
        if (coverage.Count == 0) throw new TradingSystemException("No daily bars are stored: collect history first (Data page or the collect command).");
        var to = request.To ?? coverage.Max(c => c.LastDate);
        // Calendar days that surely hold the configured sessions (weekends and the longest closures).
        var earliest = request.From ?? to.AddDays(-(options.WindowSessions * 7 / 5 + 30));
        var loaded = await StoredFeatureHistory.ReadAsync(history, null, earliest, to, KrxCalendar.CloseOn(to), ct).ConfigureAwait(false);
        var features = loaded.History;
        var from = request.From ?? WindowStart(features, to);
        var dataset = new DatasetBuilder(new DailyFeatures(), options.Label).Build(features, from, to, ct: ct);
        if (dataset.Rows.Count == 0)
            throw new TradingSystemException($"No labelled sessions from {from:yyyy-MM-dd} to {to:yyyy-MM-dd}: collect more history.");
        return (dataset, loaded);
    }

    /// <summary>The first of the last <see cref="ModelTrainingOptions.WindowSessions"/> sessions up to <paramref name="to"/>.</summary>
    private DateOnly WindowStart(FeatureHistory features, DateOnly to)
    {
        var sessions = features.Instruments.Tickers.SelectMany(features.Sessions).Where(d => d <= to).Distinct().Order().TakeLast(options.WindowSessions).ToList();
        return sessions.Count == 0 ? to : sessions[0];
    }

    private async Task<string> PromoteAsync(string runId, TrainingRequest request, IReadOnlyList<ModelVersion> versions)
    {
        if (!options.AutoPromote)
        {
            foreach (var v in versions)
                await registry.NoteCandidateAsync(v.Signal, v.Version, $"kept a candidate: automatic promotion is off (Ml:Training:AutoPromote); run {runId}",
                    time.GetUtcNow(), CancellationToken.None).ConfigureAwait(false);
            return "automatic promotion is off: every version stays a candidate";
        }
        var best = CandidatePromotion.Best(versions);
        var reason = string.Create(CultureInfo.InvariantCulture,
            $"{request.Trigger} retraining {runId}: the best of {versions.Count} ({best.Trainer}, F1 {best.Metrics.F1:0.####})");
        var decision = await CandidatePromotion.PromoteBestAsync(registryService, registry, versions, request.RequestedBy, reason, time, CancellationToken.None)
            .ConfigureAwait(false);
        return decision.Message;
    }

    /// <summary>The drift of the model active now; its failure is reported, not the run's.</summary>
    private async Task<string> CheckDriftAsync()
    {
        if (drift is null) return "";
        try
        {
            var report = await drift.CheckAsync(Signal, CancellationToken.None).ConfigureAwait(false);
            return report is null ? "; drift: nothing to check (no active model with a baseline, or no recent data)"
                : report.Alert ? $"; drift ALERT for v{report.ModelVersion}" : $"; drift: stable enough for v{report.ModelVersion}";
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            Report(new TrainingProgress(Current?.RunId ?? "", "drift", Current?.Done ?? 0, Current?.Total ?? 0, $"drift check failed: {ex.Message}", time.GetUtcNow(), false), ex);
            return $"; drift check failed: {ex.Message}";
        }
    }

    private void Report(TrainingProgress step, Exception? error)
    {
        lock (_lock) _current = step;
        Announce(step, error);
    }

    private void Announce(TrainingProgress step, Exception? error)
    {
        log?.Invoke(step, error);
        var handlers = Progress;
        if (handlers is null) return;
        foreach (var handler in handlers.GetInvocationList().Cast<Action<TrainingProgress>>())
        {
            try
            {
                handler(step);
            }
            catch (Exception)
            {
                // A listener (a page that went away) never stops the run.
            }
        }
    }
}
