using KisTrader.Core.Ports;
using KisTrader.Core.Risk;
using KisTrader.Data;
using KisTrader.Data.Instance;
using KisTrader.Testing;
using KisTrader.Tests.Data;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Hosting;
using KisTrader.Web.Trading;

namespace KisTrader.Tests.Reliability;

/// <summary>One KisTrader process per database, end to end: while the app runs, the command-line verbs that would trade,
/// reflect or replace its database on it refuse through their own processes and change nothing; when the app stops, the
/// database is free for the next one.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class SingleInstanceTests
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task WhileTheAppRuns_GraphRunReflectAndRestoreOnItsDatabase_RefuseAndChangeNothing_AndOnceItStopsTheNextStartGetsIt()
    {
        using var dir = new TempDataDir();
        var junk = Path.Combine(dir.Root, "some-backup.db");
        await File.WriteAllTextAsync(junk, "whatever it holds, the restore must not get as far as reading it\n");
        var app = await TradingApp.StartAsync(dir);
        try
        {
            var graph = await CliProcess.RunAsync(dir.Root, ["graph", "run", "--cycles", "1", "--approval", "off", .. CliProcess.HostArgs(dir)], Timeout);
            var reflect = await CliProcess.RunAsync(dir.Root, ["reflect", .. CliProcess.HostArgs(dir)], Timeout);
            var restore = await CliProcess.RunAsync(dir.Root, ["restore", junk, .. CliProcess.HostArgs(dir)], Timeout);

            foreach (var refused in new[] { graph, reflect })
            {
                Assert.True(refused.ExitCode == KisTraderHost.ExitInstanceRunning, refused.Describe());
                Assert.Contains($"web app, process {Environment.ProcessId}", refused.StandardError);
                Assert.Contains("would both trade", refused.StandardError);
                Assert.DoesNotContain("run 1/1", refused.StandardOutput);
            }
            Assert.True(restore.ExitCode == 2, restore.Describe());
            Assert.Contains("Restore refused", restore.StandardError);
            Assert.Contains($"web app, process {Environment.ProcessId}", restore.StandardError);

            Assert.Empty(await app.Get<IGraphStore>().ListRunsAsync(null));
            Assert.Empty(await app.Get<IReflectionReportStore>().ListAsync());
            Assert.DoesNotContain(Directory.EnumerateFiles(dir.DataDir), f => Path.GetFileName(f).StartsWith("kistrader.db.before-restore-", StringComparison.Ordinal));
        }
        finally
        {
            await app.DisposeAsync();
        }

        await using var next = await TradingApp.StartAsync(dir);
        var run = await next.RunAsync("after the first stopped");
        Assert.NotNull(run.RunId);
    }
}

/// <summary>On PostgreSQL the lock lives on a connection the server can drop: the composed app takes it again when it
/// is free, and halts trading when another process got there first.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class PostgresSingleInstanceTests(PostgresServer server) : IClassFixture<PostgresServer>
{
    [Fact]
    public async Task WhenAnotherProcessTakesTheLockTheServerDroppedFromUs_TradingIsHaltedBySystemInstanceLock()
    {
        using var dir = new TempDataDir();
        var database = await server.CreateDatabaseAsync();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            ["Database:Provider"] = "PostgreSql",
            ["Database:ConnectionString"] = database,
        });
        var control = app.Get<ITradingControl>();
        Assert.Equal(TradingMode.Active, (await control.GetAsync()).Mode);

        await PostgresInstanceLockTests.TerminateLockSessionsAsync(database);
        await using var other = await InstanceLock.AcquireAsync(DatabaseProvider.PostgreSql, database, "graph run", TimeProvider.System);

        // The maintenance loop looks every 10 s.
        await Poll.UntilAsync(async () => (await control.GetAsync()).Mode == TradingMode.Halted,
            TradingStartup.MaintenanceInterval * 3, "trading to halt after the instance lock was lost");
        var state = await control.GetAsync();
        Assert.Equal(TradingStartup.InstanceLockActor, state.ChangedBy);
        Assert.Contains("instance lock", state.Reason);
    }
}
