using Hangfire;
using Hangfire.Storage;
using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Scheduling;
using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Trading;

/// <summary>Scheduling in the composed app: Hangfire, with its embedded storage in its own SQLite file (the default),
/// runs the operational graph on the simulator's cron, never two runs at once; the app's database holds no scheduler
/// tables.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class ScheduleTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Schedule_EveryTwoSeconds_StartsRunsThatDoNotOverlap_FromHangfireInItsOwnSqliteFile()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
            ["Database:JobStorage"] = "Auto",
            ["Trading:ScheduleEnabled"] = "true",
            ["Trading:SimulatorCron"] = "0/2 * * * * ?",
        });
        var graphs = app.Get<IGraphStore>();

        var next = await app.Get<NextRunInfo>().GetAsync();
        Assert.NotNull(next);
        Assert.True(next <= DateTimeOffset.UtcNow.AddSeconds(3), $"next run at {next:O}");

        IReadOnlyList<GraphRun> scheduled = [];
        await Poll.UntilAsync(async () =>
        {
            scheduled = (await graphs.ListRunsAsync(OperationalGraph.Name)).Where(r => r.Trigger == "schedule" && r.EndedAt is not null).ToList();
            return scheduled.Count >= 2;
        }, TimeSpan.FromSeconds(20), "two finished scheduled runs");

        var ordered = scheduled.OrderBy(r => r.StartedAt).ToList();
        foreach (var r in ordered) output.WriteLine($"{r.RunId} {r.Status} {r.StartedAt:O} .. {r.EndedAt:O}");
        Assert.All(ordered, r => Assert.NotEqual(RunStatus.Failed, r.Status));
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].StartedAt >= ordered[i - 1].EndedAt,
                $"run {ordered[i].RunId} started at {ordered[i].StartedAt:O}, before {ordered[i - 1].RunId} ended at {ordered[i - 1].EndedAt:O}");

        // Hangfire's state is in its own file next to the app's database, with the job the configuration wants.
        var storage = app.Get<JobStorage>();
        Assert.Equal("SQLiteStorage", storage.GetType().Name);
        Assert.True(File.Exists(Path.Combine(dir.DataDir, JobStorages.SqliteFileName)));
        using (var connection = storage.GetConnection())
        {
            var recurring = connection.GetRecurringJobs().Single(r => r.Id == "operational-0");
            Assert.Equal("0/2 * * * * ?", recurring.Cron);
            Assert.Equal("Asia/Seoul", recurring.TimeZoneId);
            Assert.NotNull(recurring.LastExecution);
        }

        // ...and the app's database has no scheduler tables (the migration dropped Quartz's).
        await using var db = new SqliteConnection($"Data Source={dir.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var tables = db.CreateCommand();
        tables.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'table' AND (name LIKE 'QRTZ%' OR name LIKE 'hangfire%')";
        Assert.Equal(0L, Convert.ToInt64(await tables.ExecuteScalarAsync()));
    }
}
