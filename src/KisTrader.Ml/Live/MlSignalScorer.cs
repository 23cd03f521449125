using System.Collections.Concurrent;
using System.Globalization;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Ml.Preprocessing;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Ml;

namespace KisTrader.Ml.Live;

/// <summary>
/// The live ML signal: asks the registry for the active version of <see cref="Signal"/> on every run (a promotion or a
/// rollback is seen by the next run) but loads a version's model and preprocessing once, keeps the probability of each
/// (ticker, session) it scored on the visible day (the day's later runs reuse it; the next day drops it), and computes
/// features with <see cref="LiveFeatures"/> (the training code, point-in-time: the last session closed at or before the
/// decision). Nothing here throws into a run: no active model, a feature-set
/// mismatch, an unreadable artifact or missing history answer <see cref="MlScores.None"/> or leave the ticker out, and
/// each distinct reason is reported once through <c>warn</c>.
/// </summary>
public sealed class MlSignalScorer(IModelRegistry registry, LiveFeatures features, string signal, ISignalModelLoader? loader = null,
    Action<string>? warn = null) : IMlSignalScorer
{
    private readonly ISignalModelLoader _loader = loader ?? new ScoringModelLoader();
    private readonly ConcurrentDictionary<string, byte> _warned = new(StringComparer.Ordinal);
    private readonly SemaphoreSlim _loading = new(1, 1);
    private Loaded? _loaded;

    public string Signal { get; } = signal;

    /// <summary>The probabilities kept for reuse by the next runs of the day (those of the visible day only).</summary>
    public int CachedScores => _loaded?.Count ?? 0;

    public async Task<MlScores> ScoreAsync(IReadOnlyCollection<string> tickers, DateTimeOffset asOf, CancellationToken ct = default)
    {
        ArgumentNullException.ThrowIfNull(tickers);
        try
        {
            var active = await registry.GetActiveAsync(Signal, ct).ConfigureAwait(false);
            if (active is null) return Unavailable($"no model of the signal {Signal} is active");
            var loaded = await LoadAsync(active, ct).ConfigureAwait(false);
            if (loaded.Problem is { } problem) return Unavailable(problem);

            var (rows, missing) = await features.ComputeAsync(tickers, asOf, ct).ConfigureAwait(false);
            foreach (var m in missing) Warn($"ML signal {active.Label}: {m}; not scored.");
            var cached = loaded.ScoresOn(LiveFeatures.VisibleDay(asOf));
            var probabilities = new Dictionary<string, decimal>(StringComparer.Ordinal);
            var unscored = new List<LiveFeatureRow>();
            foreach (var row in rows)
            {
                if (cached.TryGetValue((row.Ticker, row.Session), out var p)) probabilities[row.Ticker] = p;
                else unscored.Add(row);
            }
            if (unscored.Count > 0)
            {
                var (inputs, _) = loaded.Preprocessor!.Transform([.. unscored.Select(r => r.Values)]);
                float[] scored;
                // One prediction at a time per model: ML.NET's transformer is not documented as safe for concurrent use.
                lock (loaded) scored = loaded.Model!.PredictProbabilities(inputs);
                for (var i = 0; i < unscored.Count; i++)
                {
                    var p = float.IsFinite(scored[i]) ? Math.Round((decimal)Math.Clamp(scored[i], 0f, 1f), 4) : (decimal?)null;
                    if (p is not { } probability)
                    {
                        Warn($"ML signal {active.Label}: {unscored[i].Ticker} scored {scored[i]}; not scored.");
                        continue;
                    }
                    cached[(unscored[i].Ticker, unscored[i].Session)] = probability;
                    probabilities[unscored[i].Ticker] = probability;
                }
            }
            var version = active.Version.ToString(CultureInfo.InvariantCulture);
            return new MlScores(Signal, version, probabilities, probabilities.Count == 0 && tickers.Count > 0 ? "no ticker could be scored (no history)" : null);
        }
        catch (OperationCanceledException) when (ct.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // The ML signal is advice: whatever breaks in it leaves the run without it, never stops the run.
        catch (Exception ex)
#pragma warning restore CA1031
        {
            return Unavailable($"scoring failed: {ex.GetType().Name}: {ex.Message}");
        }
    }

    private async Task<Loaded> LoadAsync(ModelVersion active, CancellationToken ct)
    {
        if (_loaded is { } current && current.Version == active.Version) return current;
        await _loading.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            if (_loaded is { } again && again.Version == active.Version) return again;
            var loaded = await LoadCoreAsync(active, ct).ConfigureAwait(false);
            _loaded = loaded;
            return loaded;
        }
        finally
        {
            _loading.Release();
        }
    }

    /// <summary>A version that cannot score live rows is remembered with its problem, so the next runs do not read its
    /// artifacts again.</summary>
    private async Task<Loaded> LoadCoreAsync(ModelVersion active, CancellationToken ct)
    {
        var schema = features.Extractor.Schema;
        if (active.FeatureSetVersion != schema.Id || !active.Features.SequenceEqual(schema.Columns, StringComparer.Ordinal))
            return new Loaded(active.Version, null, null,
                $"{active.Label} was trained on the feature set {active.FeatureSetVersion} ({active.Features.Count} columns); the live features are {schema.Id} ({schema.Count} columns)");
        try
        {
            var bytes = await registry.GetArtifactAsync(active.Signal, active.Version, SignalTraining.PreprocessingFormat, ct).ConfigureAwait(false);
            if (bytes is null) return new Loaded(active.Version, null, null, $"{active.Label} has no {SignalTraining.PreprocessingFormat} artifact");
            var preprocessor = PreprocessingArtifact.Read(bytes, schema);
            var model = await _loader.LoadAsync(registry, active, ct).ConfigureAwait(false);
            return new Loaded(active.Version, preprocessor, model, null);
        }
        catch (Exception ex) when (ex is InvalidDataException or InvalidOperationException or FormatException or IOException)
        {
            return new Loaded(active.Version, null, null, $"{active.Label} cannot be loaded: {ex.Message}");
        }
    }

    private MlScores Unavailable(string reason)
    {
        Warn("ML signal not available: " + reason + ".");
        return MlScores.None(reason);
    }

    private void Warn(string message)
    {
        // Once per distinct message: a missing model would otherwise fill the log every run. Bounded, as messages name days.
        if (_warned.Count > 10_000) _warned.Clear();
        if (_warned.TryAdd(message, 0)) warn?.Invoke(message);
    }

    private sealed class Loaded(int version, Preprocessor? preprocessor, IProbabilityModel? model, string? problem)
    {
        public int Version { get; } = version;
        public Preprocessor? Preprocessor { get; } = preprocessor;
        public IProbabilityModel? Model { get; } = model;
        public string? Problem { get; } = problem;
        private DayScores? _day;

        /// <summary>The scores of the visible day <paramref name="day"/>: a new day starts an empty set and drops the
        /// last one, so a model active for months keeps one day of scores, not one per ticker per day it was used.</summary>
        public ConcurrentDictionary<(string Ticker, DateOnly Session), decimal> ScoresOn(DateOnly day)
        {
            var current = Volatile.Read(ref _day);
            if (current?.Day == day) return current.Scores;
            var next = new DayScores(day);
            // A run racing on the same new day may install its own set: one of them is kept, the other's scores recomputed.
            return (ReferenceEquals(Interlocked.CompareExchange(ref _day, next, current), current) ? next : Volatile.Read(ref _day)!).Scores;
        }

        public int Count => Volatile.Read(ref _day)?.Scores.Count ?? 0;
    }

    private sealed class DayScores(DateOnly day)
    {
        public DateOnly Day { get; } = day;
        public ConcurrentDictionary<(string Ticker, DateOnly Session), decimal> Scores { get; } = new();
    }
}
