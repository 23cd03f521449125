using System.Data.Common;
using KisTrader.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Tests.Data;

/// <summary>A new SQLite database is created by all the migrations in one transaction (one commit, one fsync, instead of one
/// per migration); a creation cut short leaves the file empty and the next start
/// creates it again; an existing database is still upgraded one migration at a time.</summary>
public sealed class NewDatabaseCreationTests
{
    [Fact]
    public async Task NewDatabase_IsCreatedByOneCommit_WithEveryMigrationApplied()
    {
        var factory = new ObservedFactory(TestContextFactory.NewSqliteConnectionString("newdb"));

        await new DatabaseInitializer(factory).InitializeAsync();

        Assert.Equal(1, factory.Commits);
        await AssertFullyMigratedAsync(factory);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task CreationCutShort_LeavesAnEmptyFile_AndTheNextStartCreatesItAgain()
    {
        var cs = TestContextFactory.NewSqliteConnectionString("newdb");
        // Fails in the last migration, after every other table was created: what a kill or a power cut there would leave.
        var failing = new ObservedFactory(cs, failOnCommandContaining: "CREATE TABLE \"" + KisTrader.Data.Stores.Totals.TradeTotalsSql.YearTable + "\"");

        await Assert.ThrowsAsync<InvalidOperationException>(() => new DatabaseInitializer(failing).InitializeAsync());

        Assert.Equal(0, failing.Commits);
        await using (var connection = new SqliteConnection(cs))
        {
            await connection.OpenAsync();
            await using var count = connection.CreateCommand();
            count.CommandText = "SELECT count(*) FROM sqlite_master";
            Assert.Equal(0L, (long)(await count.ExecuteScalarAsync())!);
        }
        var next = new ObservedFactory(cs);
        await new DatabaseInitializer(next).InitializeAsync();
        Assert.Equal(1, next.Commits);
        await AssertFullyMigratedAsync(next);
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task ExistingDatabase_IsUpgradedOneTransactionPerMigration()
    {
        var cs = TestContextFactory.NewSqliteConnectionString("newdb");
        await using (var db = new TestContextFactory(DatabaseProvider.Sqlite, cs).CreateDbContext())
            await db.GetService<IMigrator>().MigrateAsync("20261212400000_DriftReports");
        var factory = new ObservedFactory(cs);

        await new DatabaseInitializer(factory).InitializeAsync();

        // Three migrations were pending (TradeQueryIndexes, TradeTotals, TradeYearTotals): each in its own transaction, as EF applies them.
        Assert.True(factory.Commits >= 3, $"{factory.Commits} commits");
        await AssertFullyMigratedAsync(factory);
        SqliteConnection.ClearAllPools();
    }

    private static async Task AssertFullyMigratedAsync(IDbContextFactory<KisTraderDbContext> factory)
    {
        await using var db = await factory.CreateDbContextAsync();
        Assert.Equal(db.Database.GetMigrations(), await db.Database.GetAppliedMigrationsAsync());
        Assert.Equal(0, await db.Trades.CountAsync());
    }

    /// <summary>The app's SQLite context, counting the transactions it commits and, if asked, failing one command.</summary>
    private sealed class ObservedFactory(string cs, string? failOnCommandContaining = null) : IDbContextFactory<KisTraderDbContext>
    {
        private int _commits;
        public int Commits => _commits;

        public KisTraderDbContext CreateDbContext()
        {
            var builder = new DbContextOptionsBuilder<KisTraderDbContext>();
            DataServiceCollectionExtensions.Configure(builder, DatabaseProvider.Sqlite, cs);
            builder.AddInterceptors(new Observer(this, failOnCommandContaining));
            return new KisTraderDbContext(builder.Options);
        }

        private sealed class Observer(ObservedFactory owner, string? failOn) : IDbTransactionInterceptor, IDbCommandInterceptor
        {
            public Task TransactionCommittedAsync(DbTransaction transaction, TransactionEndEventData eventData, CancellationToken cancellationToken = default)
            {
                Interlocked.Increment(ref owner._commits);
                return Task.CompletedTask;
            }

            public void TransactionCommitted(DbTransaction transaction, TransactionEndEventData eventData) => Interlocked.Increment(ref owner._commits);

            public ValueTask<InterceptionResult<int>> NonQueryExecutingAsync(DbCommand command, CommandEventData eventData, InterceptionResult<int> result,
                CancellationToken cancellationToken = default)
            {
                if (failOn is not null && command.CommandText.Contains(failOn, StringComparison.Ordinal))
                    throw new InvalidOperationException("cut short: " + failOn);
                return ValueTask.FromResult(result);
            }
        }
    }
}
