using KisTrader.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Tests.Data;

/// <summary>The scheduler moved to Hangfire (its own storage): a database an older version used has Quartz's tables,
/// with rows; the migration drops them on both providers and leaves everything else.</summary>
public sealed class DropQuartzMigrationTests
{
    private const string BeforeDrop = "20261203000000_Reflection";

    /// <summary>A piece of Quartz's store: a job, a trigger that references it, a cron trigger that references that.</summary>
    private static string QuartzTables(bool upper) => upper
        ? """
          CREATE TABLE QRTZ_JOB_DETAILS (SCHED_NAME VARCHAR(120) NOT NULL, JOB_NAME VARCHAR(150) NOT NULL, PRIMARY KEY (SCHED_NAME, JOB_NAME));
          CREATE TABLE QRTZ_TRIGGERS (SCHED_NAME VARCHAR(120) NOT NULL, TRIGGER_NAME VARCHAR(150) NOT NULL, JOB_NAME VARCHAR(150) NOT NULL,
              PRIMARY KEY (SCHED_NAME, TRIGGER_NAME), FOREIGN KEY (SCHED_NAME, JOB_NAME) REFERENCES QRTZ_JOB_DETAILS (SCHED_NAME, JOB_NAME));
          CREATE TABLE QRTZ_CRON_TRIGGERS (SCHED_NAME VARCHAR(120) NOT NULL, TRIGGER_NAME VARCHAR(150) NOT NULL, CRON_EXPRESSION VARCHAR(250) NOT NULL,
              PRIMARY KEY (SCHED_NAME, TRIGGER_NAME), FOREIGN KEY (SCHED_NAME, TRIGGER_NAME) REFERENCES QRTZ_TRIGGERS (SCHED_NAME, TRIGGER_NAME));
          CREATE TABLE QRTZ_LOCKS (SCHED_NAME VARCHAR(120) NOT NULL, LOCK_NAME VARCHAR(40) NOT NULL, PRIMARY KEY (SCHED_NAME, LOCK_NAME));
          INSERT INTO QRTZ_JOB_DETAILS VALUES ('s', 'operational-graph');
          INSERT INTO QRTZ_TRIGGERS VALUES ('s', 'operational-0', 'operational-graph');
          INSERT INTO QRTZ_CRON_TRIGGERS VALUES ('s', 'operational-0', '0 5/10 9-14 ? * MON-FRI');
          INSERT INTO QRTZ_LOCKS VALUES ('s', 'TRIGGER_ACCESS');
          """
        : """
          CREATE TABLE qrtz_job_details (sched_name VARCHAR(120) NOT NULL, job_name VARCHAR(150) NOT NULL, PRIMARY KEY (sched_name, job_name));
          CREATE TABLE qrtz_triggers (sched_name VARCHAR(120) NOT NULL, trigger_name VARCHAR(150) NOT NULL, job_name VARCHAR(150) NOT NULL,
              PRIMARY KEY (sched_name, trigger_name), FOREIGN KEY (sched_name, job_name) REFERENCES qrtz_job_details (sched_name, job_name));
          CREATE TABLE qrtz_cron_triggers (sched_name VARCHAR(120) NOT NULL, trigger_name VARCHAR(150) NOT NULL, cron_expression VARCHAR(250) NOT NULL,
              PRIMARY KEY (sched_name, trigger_name), FOREIGN KEY (sched_name, trigger_name) REFERENCES qrtz_triggers (sched_name, trigger_name));
          CREATE TABLE "QRTZ_LOCKS" (sched_name VARCHAR(120) NOT NULL, lock_name VARCHAR(40) NOT NULL, PRIMARY KEY (sched_name, lock_name));
          INSERT INTO qrtz_job_details VALUES ('s', 'operational-graph');
          INSERT INTO qrtz_triggers VALUES ('s', 'operational-0', 'operational-graph');
          INSERT INTO qrtz_cron_triggers VALUES ('s', 'operational-0', '0 5/10 9-14 ? * MON-FRI');
          INSERT INTO "QRTZ_LOCKS" VALUES ('s', 'TRIGGER_ACCESS');
          """;

    internal static async Task<List<string>> QuartzTablesIn(KisTraderDbContext db, DatabaseProvider provider)
    {
        var conn = db.Database.GetDbConnection();
        if (conn.State != System.Data.ConnectionState.Open) await conn.OpenAsync();
        await using var cmd = conn.CreateCommand();
        cmd.CommandText = provider == DatabaseProvider.Sqlite
            ? "SELECT name FROM sqlite_master WHERE type = 'table' AND upper(name) LIKE 'QRTZ%'"
            : "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND upper(tablename) LIKE 'QRTZ%'";
        var names = new List<string>();
        await using var r = await cmd.ExecuteReaderAsync();
        while (await r.ReadAsync()) names.Add(r.GetString(0));
        return names;
    }

    internal static async Task DropsQuartzTablesAsync(DatabaseProvider provider, string cs)
    {
        await using (var db = DataServiceCollectionExtensions.CreateContext(provider, cs))
        {
            await db.GetService<IMigrator>().MigrateAsync(BeforeDrop);
            await db.Database.ExecuteSqlRawAsync(QuartzTables(upper: provider == DatabaseProvider.Sqlite));
            Assert.Equal(4, (await QuartzTablesIn(db, provider)).Count);
        }

        await new DatabaseInitializer(new TestContextFactory(provider, cs)).InitializeAsync();

        await using (var db = DataServiceCollectionExtensions.CreateContext(provider, cs))
        {
            Assert.Empty(await QuartzTablesIn(db, provider));
            Assert.Contains("20261206000000_DropQuartz", await db.Database.GetAppliedMigrationsAsync());
            // The app's own tables are untouched.
            Assert.Equal(0, await db.Trades.CountAsync());
        }
    }

    [Fact]
    public Task Sqlite_QuartzTablesWithRows_AreDropped() =>
        DropsQuartzTablesAsync(DatabaseProvider.Sqlite, $"Data Source={Path.Combine(Path.GetTempPath(), "kistrader-quartz-" + Guid.NewGuid().ToString("N")[..10] + ".db")}");
}

[Collection(PostgresCollection.Name)]
public sealed class PostgresDropQuartzMigrationTests(PostgresServer server)
{
    [Fact]
    public async Task PostgreSql_QuartzTablesInAnySpelling_AreDropped() =>
        await DropQuartzMigrationTests.DropsQuartzTablesAsync(DatabaseProvider.PostgreSql, await server.CreateDatabaseAsync());
}
