using Hangfire;
using Hangfire.InMemory;
using Hangfire.PostgreSql;
using Hangfire.PostgreSql.Factories;
using Hangfire.Storage.SQLite;
using KisTrader.Data;
using KisTrader.Web.Hosting.Options;

namespace KisTrader.Web.Scheduling;

/// <summary>Where Hangfire keeps its queue, recurring jobs and history (Database:JobStorage). The graphs keep their own
/// durable run records in the app's database either way; this is the scheduler's bookkeeping.</summary>
public static class JobStorages
{
    /// <summary>The file of the embedded storage: next to the app's database, never inside it.</summary>
    public const string SqliteFileName = "hangfire.db";

    /// <summary>The schema of the PostgreSQL storage in the app's database.</summary>
    public const string PostgreSqlSchema = "hangfire";

    public static JobStorageKind Resolve(DatabaseOptions db) => db.JobStorage switch
    {
        JobStorageKind.Auto => db.Provider == DatabaseProvider.PostgreSql ? JobStorageKind.PostgreSql : JobStorageKind.Sqlite,
        var kind => kind,
    };

    public static JobStorage Create(DatabaseOptions db) => Resolve(db) switch
    {
        JobStorageKind.InMemory => new InMemoryStorage(new InMemoryStorageOptions { IdType = InMemoryStorageIdType.Long }),
        JobStorageKind.PostgreSql => new PostgreSqlStorage(
            new NpgsqlConnectionFactory(db.ResolveConnectionString(), PostgreSqlOptions()), PostgreSqlOptions()),
        _ => new SQLiteStorage(Path.Combine(db.FullDataDirectory, SqliteFileName), new SQLiteStorageOptions
        {
            // The default (15 s) picks a new job up only that much later: "Trigger now" would seem dead.
            QueuePollInterval = TimeSpan.FromSeconds(1),
        }),
    };

    private static PostgreSqlStorageOptions PostgreSqlOptions() => new()
    {
        SchemaName = PostgreSqlSchema,
        PrepareSchemaIfNecessary = true,
        QueuePollInterval = TimeSpan.FromSeconds(1),
    };
}
