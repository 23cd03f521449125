using Hangfire;
using Hangfire.Client;
using Hangfire.Common;
using Hangfire.Server;
using Hangfire.Storage;
using KisTrader.Data;
using KisTrader.Testing;
using KisTrader.Tests.Data;
using KisTrader.Web.Hosting.Options;
using KisTrader.Web.Scheduling;

namespace KisTrader.Tests.Web.Scheduling;

/// <summary>On PostgreSQL the scheduler keeps its state in schema "hangfire" of the app's database, and the recurring
/// scheduler fires a Seoul cron there on the app's clock.</summary>
[Collection(PostgresCollection.Name)]
public sealed class PostgresJobStorageTests(PostgresServer server)
{
    [Fact]
    public async Task OnPostgreSql_TheSchedulerUsesSchemaHangfire_AndFiresTheSeoulCron()
    {
        var cs = await server.CreateDatabaseAsync();
        var db = new DatabaseOptions { Provider = DatabaseProvider.PostgreSql, ConnectionString = cs };
        Assert.Equal(JobStorageKind.PostgreSql, JobStorages.Resolve(db));
        var storage = JobStorages.Create(db);

        var clock = new ManualTimeProvider(new DateTimeOffset(2026, 11, 23, 9, 59, 50, TimeSpan.FromHours(9)));
        var jobClock = new JobClock(clock, 1);
        var filters = new JobFilterCollection();
        var zones = new DefaultTimeZoneResolver();
        var manager = new JobManagers(filters, zones, jobClock).GetManagerV2(storage);
        manager.AddOrUpdate("probe", Job.FromExpression<ScheduleTests.Probe>(p => p.Run()), "0 0 10 * * *", ScheduledJob.Options);
        clock.SetUtcNow(new DateTimeOffset(2026, 11, 23, 10, 0, 10, TimeSpan.FromHours(9)));
        var scheduler = new AppClockRecurringScheduler(new BackgroundJobFactory(filters), zones, jobClock);
        using (var stopping = new CancellationTokenSource())
            scheduler.Execute(new BackgroundProcessContext("test", storage, new Dictionary<string, object>(), Guid.NewGuid(),
                stopping.Token, CancellationToken.None, CancellationToken.None));

        Assert.Equal(1, storage.GetMonitoringApi().EnqueuedCount("default"));
        using (var connection = storage.GetConnection())
        {
            var probe = Assert.Single(connection.GetRecurringJobs());
            Assert.Equal("Asia/Seoul", probe.TimeZoneId);
            Assert.Equal(new DateTime(2026, 11, 24, 1, 0, 0, DateTimeKind.Utc), probe.NextExecution);
        }
        await using var conn = new Npgsql.NpgsqlConnection(cs);
        await conn.OpenAsync();
        await using var cmd = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'hangfire'", conn);
        Assert.True(Convert.ToInt64(await cmd.ExecuteScalarAsync()) >= 10);
        await using var pub = new Npgsql.NpgsqlCommand("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'", conn);
        Assert.Equal(0L, Convert.ToInt64(await pub.ExecuteScalarAsync()));
    }
}
