using KisTrader.Core.History;
using KisTrader.Core.InMemory;
using KisTrader.Core.Market;
using KisTrader.Core.Ml.Datasets;
using KisTrader.Core.Ml.Features;
using KisTrader.Core.Ml.Labels;
using KisTrader.Core.Ml.Live;
using KisTrader.Core.Ml.Preprocessing;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Ml;
using KisTrader.Ml.Live;

namespace KisTrader.Ml.Tests;

/// <summary>The live scorer on real tiny models trained by <see cref="SignalTraining"/> and kept in a registry: it scores
/// with the active version (its own preprocessing applied), notices a promotion without reloading every run, and
/// answers "no score" with a reason instead of throwing.</summary>
public sealed class MlSignalScorerTests
{
    private const string Signal = "up5d-1pct";
    private static readonly List<HistoryBar> Rows = SyntheticMarket.Generate(seed: 7, instruments: 4, sessions: 220, pattern: true);
    private static readonly IReadOnlyList<DateOnly> Days = SyntheticMarket.TradingDays(220);
    private static readonly MlDataset Dataset = new DatasetBuilder(new DailyFeatures()).Build(FeatureHistory.FromRows(Rows), Days[0], Days[^1]);
    private static readonly string[] Tickers = ["100000", "100010", "100020", "100030"];
    /// <summary>The morning after the last stored session: the last closed session is Days[^1].</summary>
    private static readonly DateTimeOffset Morning = KrxCalendar.CloseOn(Days[^1]).AddHours(18);

    private readonly InMemoryModelRegistry _registry = new();
    private readonly InMemoryMarketHistory _store = new();
    private readonly List<string> _warnings = [];
    private readonly CountingLoader _loader = new();

    private MlSignalScorer Scorer() => new(_registry, new LiveFeatures(_store, new DailyFeatures()), Signal, _loader, _warnings.Add);

    private async Task<SignalTrainingResult> RegisterAsync(string trainer, MlDataset? dataset = null, bool activate = true)
    {
        dataset ??= Dataset;
        var spec = new LabelSpec();
        var result = SignalTraining.Run(dataset, TrainerDefaults.Create(trainer), new TrainingWindow(dataset.Sessions[0], dataset.Sessions[^1]), spec,
            SignalTraining.Windows(dataset.Sessions.Count, spec));
        var stored = await new ModelRegistryService(_registry, new InMemoryAuditLog(), new PromotionOptions(), TimeProvider.System)
            .RegisterAsync(result.Version, result.Artifacts, "test");
        if (activate) await _registry.ActivateAsync(Signal, stored.Version, "test", DateTimeOffset.UtcNow);
        return result;
    }

    /// <summary>What the model says for the last session's features, computed apart from the scorer: the model loaded from
    /// its artifact, the preprocessing refitted on the training rows (as the final fit does).</summary>
    private static float Expected(SignalTrainingResult result, string ticker, MlDataset dataset)
    {
        var bytes = result.Artifacts.Single(a => a.Format == ModelArtifact.MlNet).Bytes;
        using var stream = new MemoryStream(bytes);
        var model = MlNetModel.Load(stream, "expected", dataset.Schema.Count);
        var pre = Preprocessor.Fit(dataset.Schema, [.. dataset.Rows.Select(r => r.Features)]);
        var features = new DailyFeatures().Compute(FeatureHistory.FromRows(Rows).InputAt(ticker, KrxCalendar.CloseOn(Days[^1])));
        return model.PredictProbabilities(pre.Transform([features]).Rows)[0];
    }

    [Fact]
    public async Task Scores_every_ticker_with_the_active_model_on_the_last_closed_sessions_features()
    {
        await _store.UpsertAsync(Rows);
        var lr = await RegisterAsync("lr");

        var scores = await Scorer().ScoreAsync(Tickers, Morning);

        Assert.Equal((Signal, "1", (string?)null), (scores.Signal, scores.ModelVersion, scores.Unavailable));
        Assert.Equal(Tickers, scores.Probabilities.Keys.Order(StringComparer.Ordinal));
        foreach (var t in Tickers)
        {
            Assert.InRange(scores.Probabilities[t], 0m, 1m);
            Assert.Equal(Math.Round((decimal)Expected(lr, t, Dataset), 4), scores.Probabilities[t]);
        }
        Assert.Empty(_warnings);
    }

    [Fact]
    public async Task A_promotion_and_a_rollback_are_seen_by_the_next_run_and_each_version_is_loaded_once()
    {
        await _store.UpsertAsync(Rows);
        await RegisterAsync("lr");
        var scorer = Scorer();
        var first = await scorer.ScoreAsync(Tickers, Morning);
        var again = await scorer.ScoreAsync(Tickers, Morning.AddMinutes(5));
        Assert.Equal(first.Probabilities, again.Probabilities);

        // A model trained on other rows (no pattern, another seed) becomes active: version 2 answers from the next run.
        var other = new DatasetBuilder(new DailyFeatures()).Build(
            FeatureHistory.FromRows(SyntheticMarket.Generate(seed: 8, instruments: 4, sessions: 220, pattern: false)), Days[0], Days[^1]);
        var v2 = await RegisterAsync("lr", other);
        var promoted = await scorer.ScoreAsync(Tickers, Morning.AddMinutes(10));
        Assert.Equal("2", promoted.ModelVersion);
        Assert.Equal(Math.Round((decimal)Expected(v2, "100000", other), 4), promoted.Probabilities["100000"]);
        Assert.NotEqual(first.Probabilities, promoted.Probabilities);

        await _registry.ActivateAsync(Signal, 1, "rollback", DateTimeOffset.UtcNow);
        var rolledBack = await scorer.ScoreAsync(Tickers, Morning.AddMinutes(15));
        Assert.Equal("1", rolledBack.ModelVersion);
        Assert.Equal(first.Probabilities, rolledBack.Probabilities);
        Assert.Equal([1, 2, 1], _loader.Loaded);
    }

    [Fact]
    public async Task Without_an_active_model_it_answers_no_score_with_the_reason_and_warns_once()
    {
        await _store.UpsertAsync(Rows);
        await RegisterAsync("lr", activate: false);
        var scorer = Scorer();

        var scores = await scorer.ScoreAsync(Tickers, Morning);
        await scorer.ScoreAsync(Tickers, Morning.AddMinutes(5));

        Assert.Null(scores.ModelVersion);
        Assert.Empty(scores.Probabilities);
        Assert.Equal("no model of the signal up5d-1pct is active", scores.Unavailable);
        Assert.Single(_warnings);
        Assert.Empty(_loader.Loaded);
    }

    [Fact]
    public async Task A_model_of_another_feature_set_is_not_used()
    {
        await _store.UpsertAsync(Rows);
        var lr = await RegisterAsync("lr", activate: false);
        // The same model as if it had been trained on a newer feature set: the live features cannot feed it.
        var newer = lr.Version with { Signal = Signal, Version = 2, FeatureSetVersion = "daily/v2", CreatedAt = DateTimeOffset.UtcNow };
        await _registry.AddAsync(newer with { Artifacts = [.. lr.Artifacts.Select(a => a.Info)] }, lr.Artifacts);
        await _registry.ActivateAsync(Signal, 2, "test", DateTimeOffset.UtcNow);

        var scores = await Scorer().ScoreAsync(Tickers, Morning);

        Assert.Null(scores.ModelVersion);
        Assert.Contains("feature set daily/v2", scores.Unavailable);
        Assert.Contains("daily/v1", scores.Unavailable);
        Assert.Empty(_loader.Loaded);
    }

    [Fact]
    public async Task A_ticker_without_history_is_left_out_and_the_others_are_scored()
    {
        await _store.UpsertAsync(Rows);
        await RegisterAsync("lr");

        var scores = await Scorer().ScoreAsync(["100000", "999990"], Morning);

        Assert.Equal("1", scores.ModelVersion);
        Assert.Equal(["100000"], scores.Probabilities.Keys);
        Assert.Contains(_warnings, w => w.Contains("999990: no daily bars in the history store", StringComparison.Ordinal));
    }

    [Fact]
    public async Task An_unreadable_artifact_answers_no_score_instead_of_throwing()
    {
        await _store.UpsertAsync(Rows);
        var lr = await RegisterAsync("lr", activate: false);
        var broken = lr.Artifacts.Select(a => a.Format == ModelArtifact.MlNet ? new ModelArtifact(a.Format, [1, 2, 3]) : a).ToList();
        await _registry.AddAsync(lr.Version with { Version = 2, CreatedAt = DateTimeOffset.UtcNow, Artifacts = [.. broken.Select(a => a.Info)] }, broken);
        await _registry.ActivateAsync(Signal, 2, "test", DateTimeOffset.UtcNow);

        var scores = await new MlSignalScorer(_registry, new LiveFeatures(_store, new DailyFeatures()), Signal, warn: _warnings.Add).ScoreAsync(Tickers, Morning);

        Assert.Null(scores.ModelVersion);
        Assert.NotNull(scores.Unavailable);
        Assert.Single(_warnings);
    }

    [Fact]
    public async Task The_analysis_carries_the_probabilities_and_the_model_and_none_without_a_model()
    {
        await _store.UpsertAsync(Rows);
        var analysis = new MarketAnalysis(Morning, Core.Events.FeedState.Connected, false, null,
            [.. Tickers.Select(t => new TickerAnalysis(t, 10_000m, 0m, 1, 100m, 1m, new Dictionary<string, decimal>(), Morning))], [], [], 0m);
        var scorer = Scorer();

        var none = await scorer.WithMlScoresAsync(analysis);
        Assert.Equal(((string?)null, (string?)null), (none.MlSignal, none.MlModelVersion));
        Assert.All(none.Tickers, t => Assert.Null(t.MlProbability));

        await RegisterAsync("lr");
        var scored = await scorer.WithMlScoresAsync(analysis);
        Assert.Equal((Signal, "1"), (scored.MlSignal, scored.MlModelVersion));
        Assert.All(scored.Tickers, t => Assert.NotNull(t.MlProbability));
    }

    [Fact]
    public async Task Scores_kept_for_reuse_are_the_visible_days_only_however_many_days_the_model_stays_active()
    {
        await _store.UpsertAsync(Rows);
        await RegisterAsync("lr");
        var scorer = Scorer();
        MlScores last = null!;
        // Thirty mornings, two runs each: every run of a day after the first reuses that day's scores.
        foreach (var day in Days.TakeLast(30))
        {
            var morning = KrxCalendar.CloseOn(day).AddHours(18);
            last = await scorer.ScoreAsync(Tickers, morning);
            Assert.Equal(last.Probabilities, (await scorer.ScoreAsync(Tickers, morning.AddMinutes(10))).Probabilities);
            Assert.InRange(scorer.CachedScores, 1, Tickers.Length);
        }

        // The same answers as a scorer that never saw the earlier days.
        var fresh = await Scorer().ScoreAsync(Tickers, KrxCalendar.CloseOn(Days[^1]).AddHours(18));
        Assert.Equal(fresh.Probabilities, last.Probabilities);
        Assert.Equal(Tickers.Length, last.Probabilities.Count);
    }

    private sealed class CountingLoader : ISignalModelLoader
    {
        private readonly ScoringModelLoader _inner = new();
        public List<int> Loaded { get; } = [];

        public Task<IProbabilityModel> LoadAsync(IModelRegistry registry, ModelVersion version, CancellationToken ct = default)
        {
            lock (Loaded) Loaded.Add(version.Version);
            return _inner.LoadAsync(registry, version, ct);
        }
    }
}
