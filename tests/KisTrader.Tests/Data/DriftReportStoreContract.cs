using KisTrader.Core.InMemory;
using KisTrader.Core.Ml.Drift;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>What every <see cref="IDriftReportStore"/> does: the EF store on SQLite and PostgreSQL (migrated as at start-up)
/// and the in-memory one.</summary>
public abstract class DriftReportStoreContract : IAsyncLifetime
{
    private static readonly DateTimeOffset At = new(2026, 12, 7, 16, 10, 0, TimeSpan.FromHours(9));

    protected IDriftReportStore Store { get; private set; } = default!;

    protected abstract Task<IDriftReportStore> CreateAsync();

    public async Task InitializeAsync() => Store = await CreateAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    private static DriftReport Report(string signal, int version, DateTimeOffset at, bool alert) => new(signal, version, at.ToUniversalTime(),
        new DateOnly(2026, 9, 1), new DateOnly(2026, 12, 4), 180,
        [new FeatureDrift("ret_5d", 0.0123456789, "stable"), new FeatureDrift("dist_52w_high", 0.41, "drift"), new FeatureDrift("month", 2.5, "ignored")], alert);

    [Fact]
    public async Task Latest_IsTheNewestReportOfTheSignal_WithEveryFeature()
    {
        Assert.Null(await Store.LatestAsync("up5d-1pct"));
        await Store.SaveAsync(Report("up5d-1pct", 1, At, alert: false));
        var newer = Report("up5d-1pct", 2, At.AddDays(1), alert: true);
        await Store.SaveAsync(newer);
        await Store.SaveAsync(Report("down5d", 1, At.AddDays(2), alert: false));

        var latest = await Store.LatestAsync("up5d-1pct");

        Assert.NotNull(latest);
        Assert.Equal(newer with { Features = [] }, latest with { Features = [] });
        Assert.Equal(newer.Features, latest.Features);
        Assert.Equal(TimeSpan.Zero, latest.ComputedAt.Offset);
        Assert.Equal(1, (await Store.LatestAsync("down5d"))!.ModelVersion);
    }
}

public sealed class InMemoryDriftReportStoreTests : DriftReportStoreContract
{
    protected override Task<IDriftReportStore> CreateAsync() => Task.FromResult<IDriftReportStore>(new InMemoryDriftReportStore());
}

public sealed class SqliteDriftReportStoreTests : DriftReportStoreContract
{
    protected override async Task<IDriftReportStore> CreateAsync() => new EfDriftReportStore(await TestContextFactory.MigratedSqliteAsync("drift"));
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDriftReportStoreTests(PostgresServer server) : DriftReportStoreContract
{
    protected override async Task<IDriftReportStore> CreateAsync() => new EfDriftReportStore(await TestContextFactory.MigratedPostgresAsync(server));
}
