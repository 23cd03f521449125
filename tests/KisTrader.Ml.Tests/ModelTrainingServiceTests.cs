using KisTrader.Core.Errors;
using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Registry;
using KisTrader.Core.Ml.Training;
using KisTrader.Ml.Retraining;
using KisTrader.Testing;
using Xunit.Abstractions;

namespace KisTrader.Ml.Tests;

/// <summary>The retraining service over a seeded synthetic history in the in-memory stores: one run at a time, each stage
/// reported, every trained model registered as a candidate (with its drift baseline), the best put to the promotion rule,
/// and a failure that registers nothing.</summary>
public sealed class ModelTrainingServiceTests(ITestOutputHelper output)
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(120);
    private const string Signal = "up5d-1pct";

    [Fact]
    public async Task ARun_ReportsEachStageInOrder_AndRegistersEveryTrainedModelAsACandidate()
    {
        var h = await HarnessAsync();
        var steps = new List<TrainingProgress>();
        h.Service.Progress += p => { lock (steps) steps.Add(p); };

        var last = await h.Service.RunAsync(new TrainingRequest("lr,rf", null, null, "admin", "manual")).WaitAsync(Timeout);

        foreach (var s in steps) output.WriteLine($"{s.Stage} {s.Done}/{s.Total} {s.Message}");
        Assert.Null(last.Error);
        Assert.Equal("done", last.Stage);
        Assert.Equal(["queued", "data", "features", "walk-forward lr 1/2", "backtest lr 1/2", "walk-forward lr 1/2", "walk-forward rf 2/2", "backtest rf 2/2", "walk-forward rf 2/2", "promotion", "promotion", "done"],
            steps.Select(s => s.Stage).Where(s => s != "registry"));
        Assert.Contains(steps, s => s.Stage == "registry");
        Assert.All(steps, s => Assert.Equal(last.RunId, s.RunId));
        Assert.Equal([last], steps.Where(s => s.Finished));
        Assert.True(steps.Zip(steps.Skip(1)).All(p => p.First.Done <= p.Second.Done));
        Assert.Equal(last.Total, last.Done);
        Assert.Equal([1, 2], last.RegisteredVersions);
        Assert.Same(last, h.Service.Current);
        var versions = await h.Registry.ListAsync(Signal);
        Assert.Equal(["rf", "lr"], versions.Select(v => v.Trainer));
        Assert.All(versions, v => Assert.Equal(ModelStatus.Candidate, v.Status));
        // The window is the configured 200 sessions up to the last stored one, the last five without a label.
        Assert.Equal(h.Days[^6], versions[0].Window.To);
        Assert.Equal(h.Days[^200], versions[0].Window.From);
        Assert.NotNull(await h.Registry.GetArtifactAsync(Signal, 1, Core.Ml.Drift.DriftBaseline.Format));
        Assert.Equal(2, h.Audit.Entries.Count(e => e.Action == "model.register"));
        // Each version carries its own gated backtest over the walk-forward's test windows (no store here: no report id).
        Assert.All(versions, v => Assert.True(v.Backtest is { BacktestId: null } b && b.From > v.Window.From && b.To > b.From, v.Label));
    }

    [Fact]
    public async Task WithoutAGatedBacktest_TheBestCandidateIsRefusedWithTheReason_AndTheOtherNamesIt()
    {
        // As a version registered before the gated backtest existed: the registry drops the result.
        var h = await HarnessAsync(stamp: v => v with { Backtest = null });

        var last = await h.Service.RunAsync(new TrainingRequest("lr,rf", null, null, "schedule", "weekly")).WaitAsync(Timeout);

        Assert.Null(last.Error);
        var versions = await h.Registry.ListAsync(Signal);
        Assert.DoesNotContain(versions, v => v.Status == ModelStatus.Active);
        var best = CandidatePromotion.Best(versions);
        Assert.StartsWith("promotion refused:", best.StatusReason);
        Assert.Contains("no gated-backtest result", best.StatusReason);
        var other = versions.Single(v => v.Version != best.Version);
        Assert.StartsWith($"not put to promotion: {best.Label}", other.StatusReason);
        Assert.Contains("not promoted", last.Message);
        var refusal = Assert.Single(h.Audit.Entries, e => e.Action == "model.promote-refused");
        Assert.Contains($"weekly retraining {last.RunId}", refusal.Details);
    }

    [Fact]
    public async Task ACandidateThatBeatsTheMargins_IsPromoted_AndTheNextRunOnTheSameDataIsRefusedOnF1()
    {
        // The registry stamps each version with a gated backtest whose gate adds 2 points (the seeded market's own gate
        // adds nothing), so the margins are what this test decides.
        var h = await HarnessAsync(stamp: v => v with
        {
            Backtest = new GatedBacktestResult
            {
                From = v.Window.From, To = v.Window.To, GatedReturn = 0.05, UngatedReturn = 0.03, GatedMaxDrawdown = -0.04, UngatedMaxDrawdown = -0.06,
            },
        });

        var first = await h.Service.RunAsync(new TrainingRequest("lr", null, null, "schedule", "weekly")).WaitAsync(Timeout);
        var active = await h.Registry.GetActiveAsync(Signal);

        Assert.Null(first.Error);
        Assert.NotNull(active);
        Assert.Equal(1, active.Version);
        Assert.Contains("majority-class baseline", active.StatusReason);
        Assert.Contains("promoted and active", first.Message);
        Assert.Single(h.Audit.Entries, e => e.Action == "model.promote");

        var second = await h.Service.RunAsync(new TrainingRequest("lr", null, null, "schedule", "weekly")).WaitAsync(Timeout);

        Assert.Null(second.Error);
        Assert.Equal(1, (await h.Registry.GetActiveAsync(Signal))!.Version);
        var v2 = (await h.Registry.GetAsync(Signal, 2))!;
        Assert.Equal(ModelStatus.Candidate, v2.Status);
        Assert.Contains("vs " + active.Metrics.F1.ToString("0.####", System.Globalization.CultureInfo.InvariantCulture) + $" for {Signal} v1", v2.StatusReason);
        Assert.Contains("needs ≥ 0.01", v2.StatusReason);
    }

    [Fact]
    public async Task ASecondStartWhileARunIsGoing_IsRefusedNamingTheRun_AndAcceptedAfterIt()
    {
        using var release = new ManualResetEventSlim();
        var entered = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var h = await HarnessAsync(trainers: name => new BlockingTrainer(TrainerDefaults.Create(name), entered, release));

        var runId = await h.Service.StartAsync(new TrainingRequest("lr", null, null, "admin", "manual"));
        await entered.Task.WaitAsync(Timeout);
        var refused = await Assert.ThrowsAsync<TradingSystemException>(() => h.Service.StartAsync(new TrainingRequest("lr", null, null, "schedule", "weekly")));
        var refusedRun = await Assert.ThrowsAsync<TradingSystemException>(() => h.Service.RunAsync(new TrainingRequest("lr", null, null, "schedule", "weekly")));

        Assert.Contains(runId, refused.Message);
        Assert.Contains(runId, refusedRun.Message);
        Assert.False(h.Service.Current!.Finished);
        var finished = new TaskCompletionSource<TrainingProgress>(TaskCreationOptions.RunContinuationsAsynchronously);
        h.Service.Progress += p => { if (p.Finished) finished.TrySetResult(p); };
        release.Set();
        var last = await finished.Task.WaitAsync(Timeout);
        Assert.Equal(runId, last.RunId);
        Assert.Null(last.Error);

        var next = await h.Service.RunAsync(new TrainingRequest("lr", null, null, "admin", "manual")).WaitAsync(Timeout);
        Assert.NotEqual(runId, next.RunId);
        Assert.Null(next.Error);
    }

    [Fact]
    public async Task ATrainerThatFails_EndsTheRunWithTheError_AndRegistersNothing()
    {
        var h = await HarnessAsync(trainers: name => name == "rf" ? new FailingTrainer() : TrainerDefaults.Create(name));

        var last = await h.Service.RunAsync(new TrainingRequest("lr,rf", null, null, "admin", "manual")).WaitAsync(Timeout);

        Assert.True(last.Finished);
        Assert.Equal("failed", last.Stage);
        Assert.Contains("the trainer broke", last.Error);
        Assert.Contains("nothing registered", last.Message);
        Assert.Empty(last.RegisteredVersions!);
        Assert.Empty(await h.Registry.ListAsync(Signal));
        Assert.Empty(h.Audit.Entries);
        Assert.Equal(last, h.Service.Current);
        Assert.Equal(last, h.Logged[^1].Step);
        Assert.IsType<InvalidOperationException>(h.Logged[^1].Error);
    }

    [Fact]
    public async Task AnEmptyHistoryStore_EndsTheRunWithAnErrorThatSaysToCollect()
    {
        var h = await HarnessAsync(sessions: 0);

        var last = await h.Service.RunAsync(new TrainingRequest("all", null, null, "admin", "manual")).WaitAsync(Timeout);

        Assert.Equal("failed", last.Stage);
        Assert.Contains("collect history first", last.Error);
    }

    [Fact]
    public async Task AnUnknownTrainer_IsRefusedBeforeAnythingRuns()
    {
        var h = await HarnessAsync(sessions: 0);

        var ex = await Assert.ThrowsAsync<ArgumentException>(() => h.Service.StartAsync(new TrainingRequest("svm", null, null, "admin", "manual")));

        Assert.Contains("'svm'", ex.Message);
        Assert.Null(h.Service.Current);
    }

    private sealed record Harness(ModelTrainingService Service, IModelRegistry Registry, InMemoryAuditLog Audit, IReadOnlyList<DateOnly> Days,
        List<(TrainingProgress Step, Exception? Error)> Logged);

    /// <summary>Ten instruments over 420 sessions, no planted pattern (on a short window the leakage guard refuses the
    /// spike feature as too good to be true); the service trains on the last 200.</summary>
    private static async Task<Harness> HarnessAsync(int sessions = 420, Func<ModelVersion, ModelVersion>? stamp = null, Func<string, IProbabilityTrainer>? trainers = null)
    {
        var history = new InMemoryMarketHistory();
        if (sessions > 0) await history.UpsertAsync(SyntheticMarket.Generate(seed: 7, instruments: 10, sessions: sessions, pattern: false));
        IModelRegistry registry = stamp is null ? new InMemoryModelRegistry() : new StampingRegistry(new InMemoryModelRegistry(), stamp);
        var audit = new InMemoryAuditLog();
        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 12, 6, 12, 0, 0, TimeSpan.Zero));
        var logged = new List<(TrainingProgress, Exception?)>();
        var service = new ModelTrainingService(history, registry, new ModelRegistryService(registry, audit, new PromotionOptions(), clock),
            new ModelTrainingOptions { WindowSessions = 200, Trainers = ["lr"] }, clock, trainers: trainers,
            log: (step, error) => { lock (logged) logged.Add((step, error)); });
        return new Harness(service, registry, audit, sessions > 0 ? SyntheticMarket.TradingDays(sessions) : [], logged);
    }

    /// <summary>Rewrites each version as it is registered (its gated-backtest result), so a test decides what the promotion
    /// rule sees.</summary>
    private sealed class StampingRegistry(IModelRegistry inner, Func<ModelVersion, ModelVersion> stamp) : IModelRegistry
    {
        public Task AddAsync(ModelVersion version, IReadOnlyList<ModelArtifact> artifacts, CancellationToken ct = default) =>
            inner.AddAsync(stamp(version), artifacts, ct);

        public Task<ModelVersion?> GetAsync(string signal, int version, CancellationToken ct = default) => inner.GetAsync(signal, version, ct);
        public Task<ModelVersion?> GetActiveAsync(string signal, CancellationToken ct = default) => inner.GetActiveAsync(signal, ct);
        public Task<IReadOnlyList<ModelVersion>> ListAsync(string signal, CancellationToken ct = default) => inner.ListAsync(signal, ct);
        public Task<IReadOnlyList<string>> SignalsAsync(CancellationToken ct = default) => inner.SignalsAsync(ct);
        public Task<byte[]?> GetArtifactAsync(string signal, int version, string format, CancellationToken ct = default) => inner.GetArtifactAsync(signal, version, format, ct);
        public Task<ModelActivation?> ActivateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default) =>
            inner.ActivateAsync(signal, version, reason, at, ct);
        public Task<bool> NoteCandidateAsync(string signal, int version, string reason, DateTimeOffset at, CancellationToken ct = default) =>
            inner.NoteCandidateAsync(signal, version, reason, at, ct);
    }

    private sealed class BlockingTrainer(IProbabilityTrainer inner, TaskCompletionSource entered, ManualResetEventSlim release) : IProbabilityTrainer
    {
        public string Name => inner.Name;
        public IReadOnlyDictionary<string, string> Parameters => inner.Parameters;

        public IProbabilityModel Fit(TrainingData data, CancellationToken ct = default)
        {
            entered.TrySetResult();
            release.Wait(ct);
            return inner.Fit(data, ct);
        }
    }

    private sealed class FailingTrainer : IProbabilityTrainer
    {
        public string Name => "rf";
        public IReadOnlyDictionary<string, string> Parameters => new Dictionary<string, string>();
        public IProbabilityModel Fit(TrainingData data, CancellationToken ct = default) => throw new InvalidOperationException("the trainer broke");
    }
}
