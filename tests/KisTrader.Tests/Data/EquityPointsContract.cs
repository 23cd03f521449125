using KisTrader.Core.InMemory;
using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Data.Stores;

namespace KisTrader.Tests.Data;

/// <summary>The equity curve's store, run against each real database provider and the in-memory one the page tests use.</summary>
public abstract class EquityPointsContract : IAsyncLifetime
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 23, 0, 5, 0, TimeSpan.Zero);
    protected IEquityPoints Store { get; private set; } = default!;

    protected abstract Task<IEquityPoints> CreateStoreAsync();

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task List_ReturnsThePointsOfTheSpan_OldestFirst_WithEquityAndRun()
    {
        await Store.AddAsync(new EquityObservation(T0.AddMinutes(20), 10_250_000.5m, "r3"));
        await Store.AddAsync(new EquityObservation(T0, 10_000_000m, "r1"));
        await Store.AddAsync(new EquityObservation(T0.AddMinutes(10), 10_100_000m, null));
        await Store.AddAsync(new EquityObservation(T0.AddMinutes(-1), 9_000_000m, "before"));

        var points = await Store.ListAsync(T0, T0.AddMinutes(20));

        Assert.Equal([new EquityObservation(T0, 10_000_000m, "r1"), new EquityObservation(T0.AddMinutes(10), 10_100_000m, null)], points);
        Assert.Equal(10_250_000.5m, Assert.Single(await Store.ListAsync(T0.AddMinutes(11), T0.AddDays(1))).Equity);
    }
}

public sealed class InMemoryEquityPointsTests : EquityPointsContract
{
    protected override Task<IEquityPoints> CreateStoreAsync() => Task.FromResult<IEquityPoints>(new InMemoryEquityPoints());
}

public sealed class SqliteEquityPointsTests : EquityPointsContract
{
    protected override async Task<IEquityPoints> CreateStoreAsync()
    {
        var factory = await TestContextFactory.MigratedSqliteAsync();
        return new EfEquityPoints(factory);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresEquityPointsTests(PostgresServer server) : EquityPointsContract
{
    protected override async Task<IEquityPoints> CreateStoreAsync()
    {
        var factory = await TestContextFactory.MigratedPostgresAsync(server);
        return new EfEquityPoints(factory);
    }
}
