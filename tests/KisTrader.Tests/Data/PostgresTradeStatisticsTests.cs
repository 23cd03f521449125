using KisTrader.Core.Trades;
using KisTrader.Data;
using KisTrader.Data.Stores;
using Microsoft.EntityFrameworkCore;
using static KisTrader.Tests.Data.TradeSamples;

namespace KisTrader.Tests.Data;

/// <summary>PostgreSQL only: a batch import leaves the planner statistics of the trade tables current (the Trades page's
/// deep pages sorted the whole table while they were missing; docs/benchmarks.md, trade-store), and a small write does
/// not pay for an ANALYZE.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresTradeStatisticsTests(PostgresServer server)
{
    [Fact]
    public async Task InsertMany_OfThousandsOfTrades_AnalysesTheTradeTables()
    {
        var (store, factory) = await NewStoreAsync();

        await store.InsertManyAsync(Batch("big", 5_000));

        Assert.True(await AnalysedAsync(factory, "trades"), "trades was not analysed");
        Assert.True(await AnalysedAsync(factory, "trade_day_totals"), "trade_day_totals was not analysed");
        Assert.True(await AnalysedAsync(factory, "trade_year_totals"), "trade_year_totals was not analysed");
        Assert.True(await AnalysedAsync(factory, "trade_side_totals"), "trade_side_totals was not analysed");
    }

    [Fact]
    public async Task InsertMany_OfAFewTrades_LeavesTheStatisticsToAutovacuum()
    {
        var (store, factory) = await NewStoreAsync();

        await store.InsertManyAsync(Batch("small", 50));

        Assert.False(await AnalysedAsync(factory, "trades"));
    }

    private async Task<(EfTradeStore, IDbContextFactory<KisTraderDbContext>)> NewStoreAsync()
    {
        var factory = new TestContextFactory(DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
        await new DatabaseInitializer(factory).InitializeAsync();
        return (new EfTradeStore(factory), factory);
    }

    private static List<TradeRecord> Batch(string prefix, int count) =>
        [.. Enumerable.Range(0, count).Select(i => Trade($"{prefix}{i:D5}", Base.AddMinutes(-i * 30), ticker: (100_000 + i % 200).ToString("D6")))];

    /// <summary>Whether a manual ANALYZE (the store's; autovacuum's are counted apart) has run on <paramref name="table"/>.</summary>
    private static async Task<bool> AnalysedAsync(IDbContextFactory<KisTraderDbContext> factory, string table)
    {
        await using var db = await factory.CreateDbContextAsync();
        return await db.Database.SqlQueryRaw<bool>("SELECT last_analyze IS NOT NULL AS \"Value\" FROM pg_stat_user_tables WHERE relname = {0}", table).SingleAsync();
    }
}
