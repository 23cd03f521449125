using System.ComponentModel.DataAnnotations;
using KisTrader.Data;

namespace KisTrader.Web.Hosting.Options;

[OptionsSection("Database")]
public sealed class DatabaseOptions : IValidatableObject
{
    public DatabaseProvider Provider { get; set; } = DatabaseProvider.Sqlite;
    /// <summary>Where the SQLite file and the data-protection keys live; relative to the working directory.</summary>
    [Required(AllowEmptyStrings = false, ErrorMessage = "must name a directory")]
    public string DataDirectory { get; set; } = "data";
    /// <summary>Required for PostgreSQL (a secret when it holds a password); optional for SQLite.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>Where the scheduler (Hangfire) keeps its queue and recurring jobs. Auto: its own SQLite file
    /// (hangfire.db in <see cref="DataDirectory"/>), or schema "hangfire" of the app's database on PostgreSQL.
    /// InMemory: nothing of the scheduler survives a restart (the recurring jobs are registered again at every start).</summary>
    public JobStorageKind JobStorage { get; set; } = JobStorageKind.Auto;

    public string FullDataDirectory => Path.GetFullPath(DataDirectory);

    /// <summary>SQLite's default: a private cache per pooled connection, not <c>Cache=Shared</c>. In shared-cache mode a
    /// reader and a writer of the same table lock each other out (SQLITE_LOCKED, which busy_timeout does not wait on), and
    /// Microsoft.Data.Sqlite retries that with a 150 ms Thread.Sleep, blocking a pool thread: a fill's ledger write waited
    /// 150–450 ms behind the dashboard's and the run's reads (issue 18 goal 3). With private caches WAL lets readers
    /// run beside the one writer, and writers wait for each other in SQLite's busy handler.</summary>
    public string ResolveConnectionString() => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.Combine(FullDataDirectory, "kistrader.db")};Pooling=True",
        _ => ConnectionString!,
    };

    public IEnumerable<ValidationResult> Validate(ValidationContext validationContext)
    {
        if (Provider == DatabaseProvider.PostgreSql && string.IsNullOrWhiteSpace(ConnectionString))
            yield return new ValidationResult("is required when Database:Provider is PostgreSql", [nameof(ConnectionString)]);
        if (JobStorage == JobStorageKind.PostgreSql && Provider != DatabaseProvider.PostgreSql)
            yield return new ValidationResult("may be PostgreSql only when Database:Provider is PostgreSql", [nameof(JobStorage)]);
    }
}

/// <summary>The scheduler's storage (Database:JobStorage).</summary>
public enum JobStorageKind
{
    Auto,
    Sqlite,
    PostgreSql,
    InMemory,
}
