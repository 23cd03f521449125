using KisTrader.Core.Errors;
using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Registry;
using KisTrader.Data.Stores;
using KisTrader.Tests.Core.Ml.Registry;
using static KisTrader.Tests.Core.Ml.Registry.ModelSamples;

namespace KisTrader.Tests.Data;

/// <summary>What every <see cref="IModelRegistry"/> does: the EF registry on SQLite and PostgreSQL (migrated as at
/// start-up) and the in-memory one.</summary>
public abstract class ModelRegistryContract : IAsyncLifetime
{
    protected IModelRegistry Registry { get; private set; } = default!;

    protected abstract Task<IModelRegistry> CreateAsync();

    public async Task InitializeAsync() => Registry = await CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Add_ThenGet_RoundTripsEveryField_AndTheArtifactBytes()
    {
        var v1 = Version(1) with { HyperParameters = new Dictionary<string, string> { ["l2"] = "0.001", ["이름"] = "\"quoted\"" } };
        await Registry.AddAsync(v1, Artifacts);
        var kst = new DateTimeOffset(2026, 12, 11, 10, 30, 0, 456, TimeSpan.FromHours(9));
        var v2 = Version(2, excess: null) with { CreatedAt = kst };
        await Registry.AddAsync(v2, Artifacts);

        AssertSame(v1, await Registry.GetAsync(Signal, 1));
        AssertSame(v2 with { CreatedAt = kst.ToUniversalTime() }, await Registry.GetAsync(Signal, 2));
        Assert.Equal(TimeSpan.Zero, (await Registry.GetAsync(Signal, 2))!.CreatedAt.Offset);
        await Registry.ActivateAsync(Signal, 1, "kst", kst);
        Assert.Equal((kst, TimeSpan.Zero), ((await Registry.GetAsync(Signal, 1))!.StatusChangedAt!.Value, (await Registry.GetAsync(Signal, 1))!.StatusChangedAt!.Value.Offset));
        Assert.Null((await Registry.GetAsync(Signal, 2))!.Backtest);
        Assert.Equal(Onnx.Bytes, await Registry.GetArtifactAsync(Signal, 1, ModelArtifact.Onnx));
        Assert.Equal(MlNet.Bytes, await Registry.GetArtifactAsync(Signal, 2, ModelArtifact.MlNet));
        Assert.Null(await Registry.GetArtifactAsync(Signal, 1, "pmml"));
        Assert.Null(await Registry.GetAsync(Signal, 3));
        Assert.Null(await Registry.GetAsync("other", 1));
        Assert.Equal([2, 1], (await Registry.ListAsync(Signal)).Select(v => v.Version));
    }

    [Fact]
    public async Task Versions_AreImmutable_AndNumberedPerSignal()
    {
        await Assert.ThrowsAsync<TradingSystemException>(() => Registry.AddAsync(Version(2), Artifacts));
        await Registry.AddAsync(Version(1), Artifacts);
        var taken = await Assert.ThrowsAsync<TradingSystemException>(() => Registry.AddAsync(Version(1, f1: 0.9), Artifacts));
        Assert.Contains("immutable", taken.Message);
        await Assert.ThrowsAsync<TradingSystemException>(() => Registry.AddAsync(Version(3), Artifacts));
        Assert.Equal(0.6, (await Registry.GetAsync(Signal, 1))!.Metrics.F1);
        await Registry.AddAsync(Version(1, signal: "down5d"), Artifacts);
        Assert.Equal(["down5d", Signal], await Registry.SignalsAsync());
    }

    [Fact]
    public async Task Add_RefusesAMalformedVersion_AndKeepsNothingOfIt()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.AddAsync(Version(1) with { Status = ModelStatus.Active }, Artifacts));
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.AddAsync(Version(1) with { DataSha256 = "abc" }, Artifacts));
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.AddAsync(Version(1), [Onnx]));             // list names two
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.AddAsync(Version(1) with { Artifacts = [Onnx.Info, Onnx.Info] }, [Onnx, Onnx]));
        await Assert.ThrowsAsync<ArgumentException>(() => Registry.AddAsync(Version(1) with { Features = ["a", "a"] }, Artifacts));
        Assert.Empty(await Registry.ListAsync(Signal));
        Assert.Empty(await Registry.SignalsAsync());
    }

    [Fact]
    public async Task Activate_MakesItTheOnlyActive_AndRetiresThePrevious_PerSignal()
    {
        await Registry.AddAsync(Version(1), Artifacts);
        await Registry.AddAsync(Version(2), Artifacts);
        await Registry.AddAsync(Version(1, signal: "down5d"), Artifacts);
        Assert.Null(await Registry.GetActiveAsync(Signal));

        Assert.Equal(new ModelActivation(1, null), await Registry.ActivateAsync(Signal, 1, "first", T0));
        Assert.Equal(new ModelActivation(2, 1), await Registry.ActivateAsync(Signal, 2, "better", T0.AddMinutes(1)));
        Assert.Equal(new ModelActivation(1, null), await Registry.ActivateAsync("down5d", 1, "first", T0));

        var list = await Registry.ListAsync(Signal);
        Assert.Equal([ModelStatus.Active, ModelStatus.Retired], list.Select(v => v.Status));
        Assert.Equal(("better", T0.AddMinutes(1)), (list[1].StatusReason, list[1].StatusChangedAt));
        Assert.Equal(2, (await Registry.GetActiveAsync(Signal))!.Version);
        Assert.Equal(1, (await Registry.GetActiveAsync("down5d"))!.Version);

        // Rollback: the retired version again, the newer one retired.
        Assert.Equal(new ModelActivation(1, 2), await Registry.ActivateAsync(Signal, 1, "rollback", T0.AddMinutes(2)));
        Assert.Equal([ModelStatus.Retired, ModelStatus.Active], (await Registry.ListAsync(Signal)).Select(v => v.Status));
        // Already active: nothing changes.
        Assert.Equal(new ModelActivation(1, 1), await Registry.ActivateAsync(Signal, 1, "again", T0.AddMinutes(3)));
        Assert.Equal("rollback", (await Registry.GetAsync(Signal, 1))!.StatusReason);
    }

    [Fact]
    public async Task Activate_UnknownVersion_ReturnsNull_AndChangesNothing()
    {
        Assert.Null(await Registry.ActivateAsync(Signal, 1, "none", T0));
        await Registry.AddAsync(Version(1), Artifacts);
        await Registry.ActivateAsync(Signal, 1, "first", T0);
        Assert.Null(await Registry.ActivateAsync(Signal, 9, "missing", T0));
        Assert.Null(await Registry.ActivateAsync("other", 1, "missing", T0));
        Assert.Equal(1, (await Registry.GetActiveAsync(Signal))!.Version);
    }

    [Fact]
    public async Task NoteCandidate_RecordsWhyItStaysACandidate_OnlyOnACandidate()
    {
        await Registry.AddAsync(Version(1), Artifacts);
        await Registry.AddAsync(Version(2), Artifacts);
        await Registry.ActivateAsync(Signal, 1, "first", T0);

        Assert.True(await Registry.NoteCandidateAsync(Signal, 2, "promotion refused: F1 below margin", T0.AddHours(1)));
        Assert.False(await Registry.NoteCandidateAsync(Signal, 1, "not a candidate", T0));
        Assert.False(await Registry.NoteCandidateAsync(Signal, 7, "missing", T0));

        var v2 = await Registry.GetAsync(Signal, 2);
        Assert.Equal((ModelStatus.Candidate, "promotion refused: F1 below margin", T0.AddHours(1)), (v2!.Status, v2.StatusReason, v2.StatusChangedAt));
        AssertSame(Version(2) with { StatusReason = v2.StatusReason, StatusChangedAt = v2.StatusChangedAt }, v2);
        Assert.Equal("first", (await Registry.GetAsync(Signal, 1))!.StatusReason);
    }

    [Fact]
    public async Task ConcurrentActivations_EndWithExactlyOneActiveVersion()
    {
        for (var v = 1; v <= 4; v++) await Registry.AddAsync(Version(v), Artifacts);
        await Task.WhenAll(Enumerable.Range(0, 12).Select(i => Task.Run(() => Registry.ActivateAsync(Signal, i % 4 + 1, $"race {i}", T0))));
        var list = await Registry.ListAsync(Signal);
        Assert.Single(list, v => v.Status == ModelStatus.Active);
        Assert.Equal(3, list.Count(v => v.Status == ModelStatus.Retired));
    }
}

public sealed class InMemoryModelRegistryTests : ModelRegistryContract
{
    protected override Task<IModelRegistry> CreateAsync() => Task.FromResult<IModelRegistry>(new InMemoryModelRegistry());
}

public sealed class SqliteModelRegistryTests : ModelRegistryContract
{
    protected override async Task<IModelRegistry> CreateAsync() => new EfModelRegistry(await TestContextFactory.MigratedSqliteAsync("models"));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresModelRegistryTests(PostgresServer server) : ModelRegistryContract
{
    protected override async Task<IModelRegistry> CreateAsync() => new EfModelRegistry(await TestContextFactory.MigratedPostgresAsync(server));
}
