using KisTrader.Data;
using KisTrader.Data.Instance;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;

namespace KisTrader.Tests.Reliability;

/// <summary>One KisTrader process per database: the lock itself, on SQLite (a file lock) and on PostgreSQL (an
/// advisory lock). The composed app and the command line are in <see cref="SingleInstanceTests"/>.</summary>
public sealed class InstanceLockTests
{
    private static string Sqlite(TempDataDir dir) => $"Data Source={dir.DatabaseFile};Cache=Shared;Pooling=True";

    [Fact]
    public async Task ASecondHolderOfTheSameSqliteDatabase_IsRefused_NamingTheFirst_UntilTheFirstLetsGo()
    {
        using var dir = new TempDataDir();
        var first = await InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, Sqlite(dir), "web app", TimeProvider.System);

        var refused = await Assert.ThrowsAsync<InstanceLockedException>(() =>
            InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, Sqlite(dir), "graph run", TimeProvider.System));
        Assert.Contains(dir.DatabaseFile, refused.Message);
        Assert.Contains($"web app, process {Environment.ProcessId}", refused.Message);

        await first.DisposeAsync();
        await using var second = await InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, Sqlite(dir), "graph run", TimeProvider.System);
        Assert.Equal(Path.Combine(dir.DataDir, "kistrader.lock"), second.Resource);
    }

    [Fact]
    public async Task TwoSqliteDatabases_EachHaveTheirOwnHolder()
    {
        using var a = new TempDataDir();
        using var b = new TempDataDir();
        await using var first = await InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, Sqlite(a), "web app", TimeProvider.System);
        await using var second = await InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, Sqlite(b), "web app", TimeProvider.System);
        Assert.NotEqual(first.Resource, second.Resource);
    }

    [Fact]
    public async Task WithDotNetFileLockingSwitchedOff_TheLockIsRefused_RatherThanTakenByEveryone()
    {
        using var dir = new TempDataDir();

        // In a process of its own: .NET reads the switch once per process.
        var refused = await CliProcess.RunAsync(dir.Root, ["graph", "run", .. CliProcess.HostArgs(dir)], TimeSpan.FromSeconds(60),
            new Dictionary<string, string> { ["DOTNET_SYSTEM_IO_DISABLEFILELOCKING"] = "1" });

        Assert.True(refused.ExitCode == 3, refused.Describe());
        Assert.Contains("File locking is disabled", refused.StandardError);
        Assert.False(File.Exists(dir.DatabaseFile), "nothing may touch the database");
    }

    [Fact]
    public async Task AnInMemorySqliteDatabase_NeedsNoLock()
    {
        await using var first = await InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, "Data Source=:memory:", "test", TimeProvider.System);
        await using var second = await InstanceLock.AcquireAsync(DatabaseProvider.Sqlite, "Data Source=:memory:", "test", TimeProvider.System);
        Assert.Equal("in-memory database", second.Resource);
    }
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresInstanceLockTests(PostgresServer server)
{
    [Fact]
    public async Task ASecondHolderOfTheSamePostgresDatabase_IsRefused_UntilTheFirstLetsGo_AndAnotherDatabaseIsFree()
    {
        var database = await server.CreateDatabaseAsync();
        var other = await server.CreateDatabaseAsync();
        var first = await InstanceLock.AcquireAsync(DatabaseProvider.PostgreSql, database, "web app", TimeProvider.System);

        var refused = await Assert.ThrowsAsync<InstanceLockedException>(() =>
            InstanceLock.AcquireAsync(DatabaseProvider.PostgreSql, database, "graph run", TimeProvider.System));
        Assert.Contains(new Npgsql.NpgsqlConnectionStringBuilder(database).Database!, refused.Message);
        await using (await InstanceLock.AcquireAsync(DatabaseProvider.PostgreSql, other, "web app", TimeProvider.System)) { }

        await first.DisposeAsync();
        await using var second = await InstanceLock.AcquireAsync(DatabaseProvider.PostgreSql, database, "graph run", TimeProvider.System);
        Assert.StartsWith("PostgreSQL database", second.Resource);
    }

    [Fact]
    public async Task ALockWhoseConnectionTheServerDropped_IsTakenAgain_OrReportedTakenByAnother_WhenSomeoneGotThereFirst()
    {
        var database = await server.CreateDatabaseAsync();
        await using var ours = await InstanceLock.AcquireAsync(DatabaseProvider.PostgreSql, database, "web app", TimeProvider.System);
        Assert.Equal(InstanceLockState.Held, (await ours.VerifyAsync()).State);

        await TerminateLockSessionsAsync(database);
        Assert.Equal(InstanceLockState.Retaken, (await ours.VerifyAsync()).State);
        Assert.Equal(InstanceLockState.Held, (await ours.VerifyAsync()).State);

        await TerminateLockSessionsAsync(database);
        var theirs = await InstanceLock.AcquireAsync(DatabaseProvider.PostgreSql, database, "graph run", TimeProvider.System);
        var lost = await ours.VerifyAsync();
        Assert.Equal(InstanceLockState.TakenByAnother, lost.State);
        Assert.Contains("Another KisTrader process", lost.Detail);
        Assert.Equal(InstanceLockState.TakenByAnother, (await ours.VerifyAsync()).State);

        await theirs.DisposeAsync();
        Assert.Equal(InstanceLockState.Retaken, (await ours.VerifyAsync()).State);
    }

    /// <summary>What a server restart or an administrator's <c>pg_terminate_backend</c> does to the lock's session.</summary>
    internal static async Task TerminateLockSessionsAsync(string database)
    {
        await using var admin = new Npgsql.NpgsqlConnection(database);
        await admin.OpenAsync();
        await using var cmd = admin.CreateCommand();
        cmd.CommandText = "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE application_name = @name AND datname = current_database()";
        cmd.Parameters.AddWithValue("name", InstanceLock.ApplicationName);
        Assert.True(Convert.ToInt64(await cmd.ExecuteScalarAsync()) > 0, "no lock session to terminate");
        // pg_terminate_backend signals; the session ends (and lets go of the lock) a moment later.
        for (var i = 0; i < 50; i++)
        {
            await using var check = admin.CreateCommand();
            check.CommandText = "SELECT count(*) FROM pg_stat_activity WHERE application_name = @name AND datname = current_database()";
            check.Parameters.AddWithValue("name", InstanceLock.ApplicationName);
            if (Convert.ToInt64(await check.ExecuteScalarAsync()) == 0) return;
            await Task.Delay(50);
        }
    }
}
