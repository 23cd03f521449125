using Microsoft.EntityFrameworkCore.Infrastructure;
using Microsoft.EntityFrameworkCore.Migrations;

namespace KisTrader.Data.Migrations;

/// <summary>The scheduler moved from Quartz (its QRTZ_* tables in this database) to Hangfire (its own storage): drop
/// Quartz's tables where an older version created them. Idempotent: a database that never had them is unchanged.</summary>
[DbContext(typeof(KisTraderDbContext))]
[Migration("20261206000000_DropQuartz")]
public sealed class DropQuartz : Migration
{
    /// <summary>Quartz's ADO store, children before the tables they reference.</summary>
    public static readonly string[] QuartzTables =
    [
        "QRTZ_FIRED_TRIGGERS", "QRTZ_PAUSED_TRIGGER_GRPS", "QRTZ_SCHEDULER_STATE", "QRTZ_LOCKS", "QRTZ_CALENDARS",
        "QRTZ_SIMPLE_TRIGGERS", "QRTZ_SIMPROP_TRIGGERS", "QRTZ_CRON_TRIGGERS", "QRTZ_BLOB_TRIGGERS", "QRTZ_TRIGGERS",
        "QRTZ_JOB_DETAILS",
    ];

    protected override void Up(MigrationBuilder m)
    {
        if (m.ActiveProvider == "Npgsql.EntityFrameworkCore.PostgreSQL")
        {
            // Quartz's PostgreSQL script names them in lower case; any spelling of any QRTZ_ table goes.
            m.Sql("""
                DO $$
                DECLARE t record;
                BEGIN
                    FOR t IN SELECT tablename FROM pg_tables
                             WHERE schemaname = current_schema() AND upper(tablename) LIKE 'QRTZ\_%'
                    LOOP
                        EXECUTE format('DROP TABLE IF EXISTS %I CASCADE', t.tablename);
                    END LOOP;
                END $$;
                """);
            return;
        }
        // SQLite: names are case-insensitive.
        foreach (var table in QuartzTables)
            m.Sql($"DROP TABLE IF EXISTS \"{table}\";");
    }

    /// <summary>Nothing to restore: no version that reads Quartz's tables runs after this one.</summary>
    protected override void Down(MigrationBuilder m)
    {
    }
}
