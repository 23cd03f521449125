using KisTrader.Data;
using KisTrader.Data.Instance;
using KisTrader.Tests.Data;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Tests.Reliability;

/// <summary>
/// The crash harness's hung starts: EF's migration lock on SQLite is a row in <c>__EFMigrationsLock</c>, and a process
/// killed while migrating (start-up kills do that) leaves it there; every later <c>MigrateAsync</c> waits for it forever.
/// A process holding the <see cref="InstanceLock"/> knows no one else is migrating, removes it and starts.
/// </summary>
public sealed class AbandonedMigrationLockTests
{
    private static async Task<string> DatabaseWithAbandonedMigrationLockAsync()
    {
        var cs = TestContextFactory.NewSqliteConnectionString("miglock");
        // An existing database being upgraded (a new one is created in one transaction, which a kill rolls back whole,
        // lock row included): EF takes its lock for the upgrade, so its lock table is there.
        await using (var db = new TestContextFactory(DatabaseProvider.Sqlite, cs).CreateDbContext())
            await db.GetService<IMigrator>().MigrateAsync("20261122000000_InitialCreate");
        // What a migrating process leaves when it is SIGKILLed between taking EF's lock and letting go of it.
        await using var connection = new SqliteConnection(cs);
        await connection.OpenAsync();
        await using var cmd = connection.CreateCommand();
        cmd.CommandText = $"INSERT INTO \"{DatabaseInitializer.MigrationLockTable}\" (\"Id\", \"Timestamp\") VALUES (1, '2026-12-04 01:29:02+00:00')";
        await cmd.ExecuteNonQueryAsync();
        return cs;
    }

    [Fact]
    public async Task WithoutTheInstanceLock_MigratingWaitsForTheAbandonedLock()
    {
        var cs = await DatabaseWithAbandonedMigrationLockAsync();
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(3));

        // EF waits (and backs off) for as long as the row is there; only the cancellation ends it.
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() =>
            new DatabaseInitializer(new TestContextFactory(DatabaseProvider.Sqlite, cs)).InitializeAsync(giveUp.Token));
        SqliteConnection.ClearAllPools();
    }

    [Fact]
    public async Task HoldingTheInstanceLock_TheAbandonedMigrationLockIsRemoved_AndTheDatabaseMigrates()
    {
        var cs = await DatabaseWithAbandonedMigrationLockAsync();
        await using var sole = await InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, cs, "test", TimeProvider.System);
        using var giveUp = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        var initializer = new DatabaseInitializer(new TestContextFactory(DatabaseProvider.Sqlite, cs));

        Assert.True(await initializer.InitializeAsync(giveUp.Token, soleProcess: sole));
        Assert.Contains(await initializer.AppliedMigrationsAsync(), m => m.EndsWith("_Reflection", StringComparison.Ordinal));
        // Nothing left behind, so the next start finds nothing to remove.
        Assert.False(await initializer.InitializeAsync(giveUp.Token, soleProcess: sole));
        SqliteConnection.ClearAllPools();
    }
}
