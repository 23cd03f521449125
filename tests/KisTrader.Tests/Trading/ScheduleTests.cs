using KisTrader.Core.Graphs;
using KisTrader.Core.Graphs.Operational;
using KisTrader.Core.Ports;
using KisTrader.Tests.Trading.Support;
using KisTrader.Web.Scheduling;
using Microsoft.Data.Sqlite;

namespace KisTrader.Tests.Trading;

/// <summary>Issue 4 scheduling: Quartz with its persistent store in the app database runs the operational graph on
/// the simulator's cron, never two runs at once.</summary>
[Collection(ComposedAppCollection.Name)]
public sealed class ScheduleTests(Xunit.Abstractions.ITestOutputHelper output)
{
    [Fact]
    public async Task Schedule_EveryTwoSeconds_StartsRunsThatDoNotOverlap_FromTheQuartzStoreInTheAppDatabase()
    {
        using var dir = new TempDataDir();
        await using var app = await TradingApp.StartAsync(dir, new Dictionary<string, string?>
        {
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
        }, TimeSpan.FromSeconds(15), "two finished scheduled runs");

        var ordered = scheduled.OrderBy(r => r.StartedAt).ToList();
        foreach (var r in ordered) output.WriteLine($"{r.RunId} {r.Status} {r.StartedAt:O} .. {r.EndedAt:O}");
        Assert.All(ordered, r => Assert.NotEqual(RunStatus.Failed, r.Status));
        for (var i = 1; i < ordered.Count; i++)
            Assert.True(ordered[i].StartedAt >= ordered[i - 1].EndedAt,
                $"run {ordered[i].RunId} started at {ordered[i].StartedAt:O}, before {ordered[i - 1].RunId} ended at {ordered[i - 1].EndedAt:O}");

        await using var db = new SqliteConnection($"Data Source={dir.DatabaseFile};Mode=ReadOnly;Pooling=False");
        await db.OpenAsync();
        await using var tables = db.CreateCommand();
        tables.CommandText = "SELECT name FROM sqlite_master WHERE type = 'table' AND name LIKE 'QRTZ%'";
        var names = new List<string>();
        await using (var reader = await tables.ExecuteReaderAsync())
            while (await reader.ReadAsync()) names.Add(reader.GetString(0));
        Assert.Contains("QRTZ_JOB_DETAILS", names, StringComparer.OrdinalIgnoreCase);
        Assert.Contains("QRTZ_CRON_TRIGGERS", names, StringComparer.OrdinalIgnoreCase);
        await using var jobs = db.CreateCommand();
        jobs.CommandText = "SELECT COUNT(*) FROM QRTZ_JOB_DETAILS WHERE JOB_NAME = 'operational-graph'";
        Assert.Equal(1L, Convert.ToInt64(await jobs.ExecuteScalarAsync()));
    }
}
