using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Registry;
using KisTrader.Testing;
using static KisTrader.Tests.Core.Ml.Registry.ModelSamples;

namespace KisTrader.Tests.Core.Ml.Registry;

/// <summary>Registration, the promotion rule applied, rollback, and the audit trail of each.</summary>
public sealed class ModelRegistryServiceTests
{
    private readonly InMemoryModelRegistry _registry = new();
    private readonly InMemoryAuditLog _audit = new();
    private readonly ManualTimeProvider _time = new(T0);
    private readonly ModelRegistryService _service;

    public ModelRegistryServiceTests() =>
        _service = new ModelRegistryService(_registry, _audit, new PromotionOptions { MinF1Gain = 0.02, MinBacktestExcessGain = 0.005 }, _time);

    private Task<ModelVersion> RegisterAsync(double f1, double? excess) =>
        _service.RegisterAsync(Version(99, f1, excess) with { Status = ModelStatus.Active, Artifacts = [] }, Artifacts, "retrain");

    [Fact]
    public async Task Register_NumbersTheVersion_AsACandidate_WithItsArtifacts_AndAuditsIt()
    {
        var v1 = await RegisterAsync(0.5, 0.01);
        _time.Advance(TimeSpan.FromMinutes(1));
        var v2 = await RegisterAsync(0.6, 0.02);

        Assert.Equal((1, 2), (v1.Version, v2.Version));
        Assert.Equal((ModelStatus.Candidate, T0.AddMinutes(1)), (v2.Status, v2.CreatedAt));
        Assert.Equal([Onnx.Info, MlNet.Info], (await _registry.GetAsync(Signal, 2))!.Artifacts);
        var entry = _audit.Entries.Last();
        Assert.Equal(("retrain", "model.register", "up5d-1pct v2"), (entry.Actor, entry.Action, entry.Target));
        Assert.Contains("rf, trained 2016-01-04..2025-12-30", entry.Details);
    }

    [Fact]
    public async Task Promote_FirstModel_BeatingItsBaseline_BecomesActive_AndIsAudited()
    {
        await RegisterAsync(0.5, 0.01);

        var decision = await _service.PromoteAsync(Signal, 1, "admin", "first model");

        Assert.True(decision.Done, decision.Message);
        Assert.Equal(ModelStatus.Active, (await _registry.GetActiveAsync(Signal))!.Status);
        var entry = _audit.Entries.Last();
        Assert.Equal(("admin", "model.promote", "up5d-1pct v1"), (entry.Actor, entry.Action, entry.Target));
        Assert.StartsWith("first model | none active; F1 0.5 vs 0.3 for the majority-class baseline", entry.Details);
    }

    [Fact]
    public async Task Promote_FailingTheMargins_IsRefusedWithItsReason_StaysACandidate_AndIsAudited()
    {
        await RegisterAsync(0.60, 0.010);
        await _service.PromoteAsync(Signal, 1, "retrain", "weekly");
        await RegisterAsync(0.61, 0.030);

        var decision = await _service.PromoteAsync(Signal, 2, "retrain", "weekly");

        Assert.False(decision.Done);
        Assert.Equal([PromotionRefusalCode.F1BelowMargin], decision.Verdict!.Refusals);
        Assert.Equal("up5d-1pct v2 not promoted: F1 0.61 vs 0.6 for up5d-1pct v1 (+0.01; needs ≥ 0.02 and > 0)", decision.Message);
        var v2 = await _registry.GetAsync(Signal, 2);
        Assert.Equal(ModelStatus.Candidate, v2!.Status);
        Assert.Equal("promotion refused: F1 0.61 vs 0.6 for up5d-1pct v1 (+0.01; needs ≥ 0.02 and > 0)", v2.StatusReason);
        Assert.Equal(1, (await _registry.GetActiveAsync(Signal))!.Version);
        var entry = _audit.Entries.Last();
        Assert.Equal(("model.promote-refused", "up5d-1pct v2"), (entry.Action, entry.Target));
        Assert.StartsWith("weekly | from v1; F1 0.61", entry.Details);
    }

    [Fact]
    public async Task Promote_BetterCandidate_RetiresTheActive_ThenRollBack_RestoresIt_AuditedLikePromptVersions()
    {
        await RegisterAsync(0.60, 0.010);
        await _service.PromoteAsync(Signal, 1, "retrain", "weekly");
        await RegisterAsync(0.65, 0.020);
        Assert.True((await _service.PromoteAsync(Signal, 2, "retrain", "weekly")).Done);
        Assert.Equal(ModelStatus.Retired, (await _registry.GetAsync(Signal, 1))!.Status);

        var rollback = await _service.RollBackAsync(Signal, 1, "admin", "v2 misfires on gap-downs");

        Assert.True(rollback.Done, rollback.Message);
        Assert.Equal("up5d-1pct v1 active again (from v2)", rollback.Message);
        Assert.Equal(1, (await _registry.GetActiveAsync(Signal))!.Version);
        Assert.Equal(ModelStatus.Retired, (await _registry.GetAsync(Signal, 2))!.Status);
        var entry = _audit.Entries.Last();
        Assert.Equal(("admin", "model.rollback", "up5d-1pct v1", "v2 misfires on gap-downs | from v2"), (entry.Actor, entry.Action, entry.Target, entry.Details));
        Assert.Equal("rolled back by admin: v2 misfires on gap-downs", (await _registry.GetAsync(Signal, 1))!.StatusReason);

        // Forward again to the newer retired version: an activation, not a rollback.
        Assert.True((await _service.RollBackAsync(Signal, 2, "admin", "fixed the feed")).Done);
        Assert.Equal("model.activate", _audit.Entries.Last().Action);
    }

    [Fact]
    public async Task RollBack_RefusesACandidate_TheActiveVersion_AndAMissingOne_WithoutChangingAnything()
    {
        await RegisterAsync(0.60, 0.010);
        await _service.PromoteAsync(Signal, 1, "retrain", "weekly");
        await RegisterAsync(0.61, 0.010);
        var before = _audit.Entries.Count;

        Assert.Contains("never active: promote it instead", (await _service.RollBackAsync(Signal, 2, "admin", "try")).Message);
        Assert.Contains("already active", (await _service.RollBackAsync(Signal, 1, "admin", "try")).Message);
        Assert.Contains("does not exist", (await _service.RollBackAsync(Signal, 9, "admin", "try")).Message);
        Assert.Equal("a reason is required", (await _service.RollBackAsync(Signal, 1, "admin", " ")).Message);
        Assert.Equal("the acting user is required", (await _service.PromoteAsync(Signal, 2, "", "why")).Message);

        Assert.Equal(1, (await _registry.GetActiveAsync(Signal))!.Version);
        Assert.Equal(before, _audit.Entries.Count);
    }
}
