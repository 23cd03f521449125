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

    public string ResolveConnectionString() => Provider switch
    {
        DatabaseProvider.Sqlite when string.IsNullOrWhiteSpace(ConnectionString) =>
            $"Data Source={Path.Combine(FullDataDirectory, "kistrader.db")};Cache=Shared;Pooling=True",
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
