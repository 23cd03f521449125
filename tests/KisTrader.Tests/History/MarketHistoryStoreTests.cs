using KisTrader.Core.Ports;
using KisTrader.Data;
using KisTrader.Data.Stores;
using KisTrader.Core.InMemory;
using KisTrader.Testing.History;
using KisTrader.Tests.Data;

namespace KisTrader.Tests.History;

/// <summary>The market-history contract on each real database provider (migrated as at start-up) and on the fake.</summary>
public sealed class SqliteMarketHistoryTests : MarketHistoryContract
{
    private TestContextFactory _factory = default!;

    protected override async Task<IMarketHistory> CreateAsync()
    {
        _factory = await TestContextFactory.MigratedSqliteAsync("history");
        return new EfMarketHistory(_factory);
    }

    [Fact]
    public async Task The_table_is_stored_in_key_order_without_rowid()
    {
        await using var db = _factory.CreateDbContext();

        var sql = await SqliteMigrationSchemaTests.Scalar(db, "SELECT sql FROM sqlite_master WHERE name = 'history_bars'");

        Assert.Contains("WITHOUT ROWID", sql);
        Assert.Contains("PRIMARY KEY (\"resolution\", \"ticker\", \"kst_time\")", sql);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresMarketHistoryTests(PostgresServer server) : MarketHistoryContract
{
    protected override async Task<IMarketHistory> CreateAsync()
    {
        var factory = await TestContextFactory.MigratedPostgresAsync(server);
        return new EfMarketHistory(factory);
    }
}

public sealed class InMemoryMarketHistoryTests : MarketHistoryContract
{
    protected override Task<IMarketHistory> CreateAsync() => Task.FromResult<IMarketHistory>(new InMemoryMarketHistory());
}
